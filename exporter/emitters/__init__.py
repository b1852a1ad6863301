"""Stage 4: the emitters, each writing one output format from the report model.

The format names live here, light to import, so the command line can offer them without loading
the emitters.
"""

# Output formats of a build: xBRL-JSON, Inline XBRL, XBRL 2.1 instance (.xbrl), xBRL-CSV, and an
# XBRL Report Package (.xbri) of the Inline XBRL with its extension taxonomy.
FORMATS = ("json", "ixbrl", "xbrl", "csv", "xbri")
DEFAULT_FORMATS = ("json", "ixbrl")
