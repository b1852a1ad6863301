"""What the standard taxonomy's own statements say about concepts: which statements present them
and which totals sum them. Read through Arelle from the statement and disclosure linkbases of the
taxonomy packages (the offline packages have no labels, but they do have these)."""

from __future__ import annotations

import posixpath
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

from exporter import arelle
from exporter.taxonomy.profile import Profile

_CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
_LINKBASE_SCHEMA = re.compile(r"^(stm|dis)/[^/]+\.xsd$")
_SUMMATION = ("http://www.xbrl.org/2003/arcrole/summation-item", "https://xbrl.org/2023/arcrole/summation-item")
_PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
# Statement roles of US-GAAP by the words of their URIs, and the kind of table each is.
_STATEMENT_KINDS = (
    ("OtherComprehensiveIncome", "comprehensive"),
    ("ComprehensiveIncome", "comprehensive"),
    ("FinancialPosition", "balance"),
    ("CashFlows", "cashflow"),
    ("ShareholdersEquity", "equity"),
    ("StockholdersEquity", "equity"),
    ("PartnersCapital", "equity"),
    ("StatementOfIncome", "operations"),
    ("StatementOfOperations", "operations"),
)


@dataclass(frozen=True, slots=True)
class Relations:
    """Per concept (``prefix:Local``): the kinds of statement that present it, how many presentation
    roles show it, and the summation children of each total."""

    statements: Mapping[str, frozenset[str]] = field(default_factory=dict)
    roles: Mapping[str, int] = field(default_factory=dict)
    children: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def descendants(self, concept: str, depth: int = 4) -> frozenset[str]:
        """Concepts a total sums, directly or through sub-totals (a few levels down)."""
        found: set[str] = set()
        frontier = {concept}
        for _ in range(depth):
            frontier = {child for parent in frontier for child in self.children.get(parent, ())} - found
            if not frontier:
                break
            found |= frontier
        return frozenset(found)


def statement_kind(role_uri: str) -> str | None:
    """``balance``, ``operations``, ... for a US-GAAP statement role URI; ``None`` for disclosures."""
    if "/role/statement/" not in role_uri:
        return None
    name = role_uri.rsplit("/", 1)[-1]
    return next((kind for words, kind in _STATEMENT_KINDS if words in name), None)


def linkbase_schemas(profile: Profile, packages: Sequence[str]) -> list[tuple[str, str]]:
    """``(namespace, url)`` of the statement and disclosure schemas of the profile's US-GAAP, as found
    in the taxonomy packages (each schema brings in its presentation and calculation linkbases)."""
    base = next((t.schema.rsplit("/", 2)[0] + "/" for t in profile.taxonomies if t.prefix == "us-gaap"), None)
    if base is None:
        return []
    found: list[tuple[str, str]] = []
    for package in packages:
        try:
            with zipfile.ZipFile(package) as archive:
                found.extend(_package_schemas(archive, base))
        except (OSError, zipfile.BadZipFile, ElementTree.ParseError):
            continue  # packages were checked when resolved; one unusable here only loses hints
    return sorted(set(found))


def _package_schemas(archive: zipfile.ZipFile, base: str) -> list[tuple[str, str]]:
    names = archive.namelist()
    result = []
    for catalog in (n for n in names if n.endswith("META-INF/catalog.xml")):
        root = ElementTree.fromstring(archive.read(catalog))
        for rewrite in root.iter(f"{_CATALOG_NS}rewriteURI"):
            start, prefix = rewrite.get("uriStartString", ""), rewrite.get("rewritePrefix", "")
            if not start.startswith(base) and not base.startswith(start):
                continue
            folder = posixpath.normpath(posixpath.join(posixpath.dirname(catalog), prefix)) + "/"
            for name in names:
                if not name.startswith(folder):
                    continue
                url = start + name[len(folder):]
                if url.startswith(base) and _LINKBASE_SCHEMA.match(url[len(base):]):
                    namespace = _target_namespace(archive.read(name)[:4096])
                    if namespace:
                        result.append((namespace, url))
    return result


def _target_namespace(head: bytes) -> str | None:
    match = re.search(rb"targetNamespace=['\"]([^'\"]+)['\"]", head)
    return match.group(1).decode("utf-8", "replace") if match else None


def load_relations(profile: Profile, packages: Sequence[str]) -> Relations:
    """Load the statement and disclosure linkbases of the profile's US-GAAP through Arelle.

    Empty when the packages do not hold them (suggestions then rest on concept names alone).
    Takes a few seconds; kept for the life of the process.
    """
    return _load_relations(profile, tuple(packages))


@lru_cache(maxsize=2)
def _load_relations(profile: Profile, packages: tuple[str, ...]) -> Relations:
    schemas = linkbase_schemas(profile, packages)
    if not schemas:
        return Relations()
    prefixes = {t.namespace: t.prefix for t in profile.taxonomies}
    imports = "\n".join(f"  <xs:import namespace={quoteattr(ns)} schemaLocation={quoteattr(url)}/>"
                        for ns, url in schemas)
    entry_text = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:xbrl-exporter:relations"
  elementFormDefault="qualified">
{imports}
</xs:schema>
"""
    with tempfile.TemporaryDirectory(prefix="xbrl-exporter-") as folder:
        entry = Path(folder) / "relations.xsd"
        entry.write_text(entry_text, encoding="utf-8")
        # Missing label linkbases are reported by Arelle as errors; they do not matter here.
        relations, _ = arelle.run(str(entry), packages, lambda model: _extract(model, prefixes))
    return relations or Relations()


def _extract(model: Any, prefixes: dict[str, str]) -> Relations:
    def name(concept: Any) -> str | None:
        qname = getattr(concept, "qname", None)
        prefix = prefixes.get(getattr(qname, "namespaceURI", None))
        return f"{prefix}:{qname.localName}" if prefix else None

    statements: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for rel in model.relationshipSet(_PARENT_CHILD).modelRelationships:
        child = name(rel.toModelObject)
        if child is None:
            continue
        roles[child].add(rel.linkrole)
        kind = statement_kind(rel.linkrole)
        if kind:
            statements[child].add(kind)
    children: dict[str, set[str]] = defaultdict(set)
    for arcrole in _SUMMATION:
        for rel in model.relationshipSet(arcrole).modelRelationships:
            parent, child = name(rel.fromModelObject), name(rel.toModelObject)
            if parent and child:
                children[parent].add(child)
    return Relations(
        statements={k: frozenset(v) for k, v in statements.items()},
        roles={k: len(v) for k, v in roles.items()},
        children={k: frozenset(v) for k, v in children.items()},
    )
