"""Concept definitions of the standard taxonomies, read through Arelle (never written by hand)."""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from exporter import arelle
from exporter.errors import TaxonomyError
from exporter.facts.model import Concept, ItemKind, QName
from exporter.taxonomy.profile import Profile

_KIND_BY_TYPE: dict[str, ItemKind] = {
    "monetaryItemType": "monetary",
    "sharesItemType": "shares",
    "perShareItemType": "perShare",
    "percentItemType": "percent",
    "pureItemType": "pure",
    "decimalItemType": "decimal",
    "integerItemType": "integer",
    "nonNegativeIntegerItemType": "integer",
    "positiveIntegerItemType": "integer",
    "stringItemType": "string",
    "normalizedStringItemType": "string",
    "tokenItemType": "string",
    "dateItemType": "date",
    "booleanItemType": "boolean",
    "domainItemType": "domain",
}


@dataclass(frozen=True, slots=True)
class Catalog:
    """The concepts of a taxonomy profile, by ``prefix:local`` name."""

    profile: Profile
    concepts: Mapping[str, Concept]

    def get(self, name: str) -> Concept | None:
        return self.concepts.get(name)

    def closest(self, name: str, count: int = 3) -> list[str]:
        """The real concept names closest to a misspelt one, for error hints."""
        prefix, _, local = name.partition(":")
        # Lines carry values, so abstract headings, axes and members are not what was meant.
        usable = [n for n, c in self.concepts.items() if not c.abstract]
        pool = [n.partition(":")[2] for n in usable if n.startswith(prefix + ":")] or \
               [n.partition(":")[2] for n in usable]
        matches = difflib.get_close_matches(local, pool, n=count, cutoff=0.6)
        if not matches:
            lowered = local.lower()
            matches = sorted((n for n in pool if lowered in n.lower()), key=len)[:count]
        return [f"{prefix}:{m}" for m in matches]


def load_catalog(profile: Profile, packages: Sequence[str]) -> Catalog:
    """Load every concept of the profile's taxonomies through Arelle (offline when packages are given).

    Loading US-GAAP takes about a second; the result is kept for the life of the process.
    """
    return _load_catalog(profile, tuple(packages))


@lru_cache(maxsize=4)
def _load_catalog(profile: Profile, packages: tuple[str, ...]) -> Catalog:
    imports = "\n".join(
        f"  <xs:import namespace={quoteattr(t.namespace)} schemaLocation={quoteattr(t.schema)}/>"
        for t in profile.taxonomies
    )
    entry_text = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:xbrl-exporter:catalog"
  elementFormDefault="qualified">
{imports}
</xs:schema>
"""
    prefixes = {t.namespace: t.prefix for t in profile.taxonomies}
    with tempfile.TemporaryDirectory(prefix="xbrl-exporter-") as folder:
        entry = Path(folder) / "catalog.xsd"
        entry.write_text(entry_text, encoding="utf-8")
        concepts, messages = arelle.run(str(entry), packages, lambda model: _extract(model, prefixes))
    missing = [m for m in messages if m.is_error]
    loaded = {c.qname.namespace for c in (concepts or {}).values()}
    absent = [t for t in profile.taxonomies if t.namespace not in loaded]
    if absent:
        detail = "; ".join(f"[{m.code}] {m.text}" for m in missing[:3])
        where = "the taxonomy packages given" if packages else "the web (no taxonomy package given)"
        raise TaxonomyError(
            f"could not load {', '.join(t.schema for t in absent)} from {where}" + (f": {detail}" if detail else ""),
            hint="pass the packages with --taxonomy-package ZIP (or a folder of zips) or XBRL_TAXONOMY_PACKAGES",
        )
    return Catalog(profile, concepts or {})


def _extract(model: Any, prefixes: dict[str, str]) -> dict[str, Concept]:
    result: dict[str, Concept] = {}
    for qname, concept in model.qnameConcepts.items():
        prefix = prefixes.get(qname.namespaceURI)
        if prefix is None or not concept.isItem and not concept.isTuple:
            continue
        if concept.periodType not in ("duration", "instant"):
            continue
        name = QName(prefix, qname.localName, qname.namespaceURI)
        result[str(name)] = Concept(
            qname=name,
            kind=_kind(concept),
            data_type=str(concept.typeQname) if concept.typeQname is not None else "",
            period_type=concept.periodType,
            balance=concept.balance,
            abstract=bool(concept.isAbstract),
            substitution_group=str(concept.substitutionGroupQname or ""),
        )
    return result


def _kind(concept: Any) -> ItemKind:
    type_qname = concept.typeQname
    local = type_qname.localName if type_qname is not None else ""
    if local in _KIND_BY_TYPE:
        return _KIND_BY_TYPE[local]
    base = concept.baseXbrliType or ""
    if base in _KIND_BY_TYPE:
        return _KIND_BY_TYPE[base]
    if concept.isNumeric:
        return "decimal"
    return "other"
