"""Stage 2: the mapping layer, from printed lines to facts and the extension taxonomy."""

from exporter.mapping.mapper import map_source

__all__ = ["map_source"]
