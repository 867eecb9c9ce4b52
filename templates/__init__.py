"""The arc42 Jinja2 templates (``arc42/*.md.j2``, ``arc42/*.adoc.j2``), installed as ``archkit._templates``."""
