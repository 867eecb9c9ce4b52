"""Ports: the use cases the outside may call (driving) and what the core needs (driven)."""
