"""``archkit conform``: the code mapped to the model (``code=``) against the model's relationships
and rules, through the import graph grimp builds."""

from archkit.conform.check import SRC_PROPERTY, conform, maps_code, prefixes, source_folder

__all__ = ["SRC_PROPERTY", "conform", "maps_code", "prefixes", "source_folder"]
