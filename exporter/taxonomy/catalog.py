"""Concept definitions of the standard taxonomies, read through Arelle (never written by hand)."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
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


CACHE_ENV_VAR = "XBRL_EXPORTER_CACHE"
_CACHE_FORMAT = 1


def load_catalog(profile: Profile, packages: Sequence[str]) -> Catalog:
    """Load every concept of the profile's taxonomies through Arelle (offline when packages are given).

    Loading US-GAAP through Arelle takes a second or two, so the definitions are kept for the life
    of the process and, when packages are given, in a cache file keyed by the packages' names,
    sizes and times (folder: ``XBRL_EXPORTER_CACHE``, default ``~/.cache/xbrl-exporter``; ``off``
    disables it).
    """
    return _load_catalog(profile, tuple(packages))


@lru_cache(maxsize=4)
def _load_catalog(profile: Profile, packages: tuple[str, ...]) -> Catalog:
    cache = _cache_file(profile, packages)
    if cache is not None:
        cached = _read_cache(cache, profile)
        if cached is not None:
            return cached
    catalog = _load_through_arelle(profile, packages)
    if cache is not None:
        _write_cache(cache, catalog)
    return catalog


def _cache_file(profile: Profile, packages: tuple[str, ...]) -> Path | None:
    setting = os.environ.get(CACHE_ENV_VAR, "")
    if not packages or setting.lower() == "off":
        return None
    folder = Path(setting) if setting else Path.home() / ".cache" / "xbrl-exporter"
    key = hashlib.sha256()
    key.update(repr((_CACHE_FORMAT, profile)).encode())
    for package in packages:
        stat = Path(package).stat()
        key.update(f"{package}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return folder / f"catalog-{key.hexdigest()[:32]}.json"


def _read_cache(path: Path, profile: Profile) -> Catalog | None:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        namespaces = {t.prefix: t.namespace for t in profile.taxonomies}
        concepts = {}
        for prefix, local, kind, data_type, period_type, balance, abstract, group in rows:
            name = QName(prefix, local, namespaces[prefix])
            concepts[str(name)] = Concept(name, kind, data_type, period_type, balance, abstract, group)
        return Catalog(profile, concepts)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged cache is rebuilt, never trusted


def _write_cache(path: Path, catalog: Catalog) -> None:
    rows = [[c.qname.prefix, c.qname.local, c.kind, c.data_type, c.period_type, c.balance, c.abstract,
             c.substitution_group] for c in catalog.concepts.values()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
            json.dump(rows, f, separators=(",", ":"))
        os.replace(f.name, path)
    except OSError:
        pass  # the cache only saves time; a read-only home must not fail the build


def _load_through_arelle(profile: Profile, packages: tuple[str, ...]) -> Catalog:
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
