"""xbrl-exporter: financial statements in plain files to Inline XBRL and xBRL-JSON, checked by Arelle."""

__version__ = "0.1.0"
