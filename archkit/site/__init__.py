"""The published architecture site: element pages, view pages, search, built from one workspace."""
