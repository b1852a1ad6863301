"""Stage 1: the report source as people write it (YAML and CSV), read and checked."""

from exporter.source.reader import fiscal_period, read_source, schema_path

__all__ = ["fiscal_period", "read_source", "schema_path"]
