"""Adapters: each connects one technology to one port; none imports another."""
