"""Importers: legacy EDGAR text exhibits to report sources, with concepts suggested from the taxonomy.

``text.import_text`` reads an exhibit into an ``model.ImportResult``; ``writer.write_source`` writes
it as a report source; ``suggest.load_suggester`` ranks concepts for a printed line. See
docs/import-text.md.
"""
