"""What a taxonomy package says about itself, and a full check of one (``xbrl-export taxonomy``).

A package (XBRL Taxonomy Packages 1.0) is a zip with one top folder holding ``META-INF/``:
``taxonomyPackage.xml`` names it and its entry points, ``catalog.xml`` maps the official URLs
(``rewriteURI``) to folders inside the zip. Both are read here with a parser that expands no
entities and fetches nothing, since a package is input from anywhere.
"""

from __future__ import annotations

import posixpath
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from lxml import etree

from exporter import arelle
from exporter.errors import Location, TaxonomyError
from exporter.taxonomy.packages import check_package

TP_NAMESPACES = ("http://xbrl.org/2016/taxonomy-package", "http://xbrl.org/PWD/2015-01-14/taxonomy-package")
CATALOG_NAMESPACE = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
# Metadata and catalogs are a few KB; a huge one is an attack or a mistake, not a package.
MAX_METADATA_BYTES = 10 * 1024**2

Level = Literal["ok", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One ``rewriteURI`` of the catalog: URLs starting with ``start`` are read from ``target``, a
    folder inside the zip (``inside``) or, rarely, another URL."""

    start: str
    target: str
    inside: bool


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """An entry point of the package: its name and the URLs of its documents."""

    name: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """One result of reading or checking a package: ``ok`` (a check passed), ``warning`` or ``error``."""

    level: Level
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """A taxonomy package as its ``META-INF`` describes it, with what reading it found wrong."""

    path: str
    identifier: str | None
    name: str | None
    version: str | None
    publisher: str | None
    entry_points: tuple[EntryPoint, ...]
    rewrites: tuple[Rewrite, ...]
    members: frozenset[str]
    notes: tuple[Note, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The URL prefixes the package resolves (those of its catalog), in catalog order."""
        return tuple(r.start for r in self.rewrites)

    def resolve(self, url: str) -> str | None:
        """The file inside the zip that Arelle reads for ``url`` (by the longest matching
        ``rewriteURI``, as XML Catalogs say), or None when the catalog does not map it there."""
        matches = [r for r in self.rewrites if url.startswith(r.start)]
        if not matches:
            return None
        rewrite = max(matches, key=lambda r: len(r.start))
        if not rewrite.inside:
            return None
        member = posixpath.normpath(rewrite.target + url[len(rewrite.start):])
        return None if member.startswith("../") else member

    def has(self, member: str) -> bool:
        return member in self.members


def read_package_info(path: Path | str) -> PackageInfo:
    """Read a package's ``taxonomyPackage.xml`` and ``catalog.xml``.

    Raises ``TaxonomyError`` when the zip itself is unusable (see ``check_package``); what is
    wrong inside the metadata comes back as the notes of the result, so that all of it is reported.
    """
    path = Path(path)
    check_package(path)
    notes: list[Note] = []
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [i.filename for i in infos]
            sizes = {i.filename: i.file_size for i in infos}
            members = frozenset(n for n in names if not n.endswith("/"))
            tops = {n.split("/", 1)[0] for n in names if "/" in n}
            loose = [n for n in names if "/" not in n]
            if len(tops) != 1 or loose:
                notes.append(Note("error", "tpe:invalidDirectoryStructure",
                                  "a taxonomy package holds everything in one top folder; this one has "
                                  + (f"files at the top ({', '.join(loose[:3])})" if loose
                                     else f"{len(tops)} top folders ({', '.join(sorted(tops)[:3])})")))
            metadata = sorted(n for n in names if n.endswith("META-INF/taxonomyPackage.xml"))
            # The one in the (shortest) top folder is the package's; others belong to nested copies.
            metadata_name = min(metadata, key=lambda n: n.count("/")) if metadata else None
            meta_dir = posixpath.dirname(metadata_name) if metadata_name else None
            tp_root = _parse(archive, metadata_name, sizes, "tpe:invalidMetaDataFile", notes) if metadata_name else None
            catalog_name = f"{meta_dir}/catalog.xml" if meta_dir else None
            catalog_root = (_parse(archive, catalog_name, sizes, "tpe:invalidCatalogFile", notes)
                            if catalog_name and catalog_name in members else None)
    except zipfile.BadZipFile:
        raise TaxonomyError("taxonomy package is corrupt or not a zip file", Location(str(path))) from None
    except OSError as exc:
        raise TaxonomyError(f"taxonomy package cannot be read: {exc.strerror or exc}", Location(str(path))) from None

    identifier = name = version = publisher = None
    entry_points: list[EntryPoint] = []
    if tp_root is not None:
        namespace = etree.QName(tp_root).namespace
        if namespace not in TP_NAMESPACES or etree.QName(tp_root).localname != "taxonomyPackage":
            notes.append(Note("error", "tpe:invalidMetaDataFile",
                              f"{metadata_name} is not a taxonomy package description: its root is "
                              f"{tp_root.tag}, not {{{TP_NAMESPACES[0]}}}taxonomyPackage"))
        else:
            tp = {"tp": namespace}
            identifier = _text(tp_root.find("tp:identifier", tp))
            name = _text(tp_root.find("tp:name", tp))
            version = _text(tp_root.find("tp:version", tp))
            publisher = _text(tp_root.find("tp:publisher", tp))
            if not identifier:
                notes.append(Note("error", "tpe:invalidMetaDataFile", f"{metadata_name} has no tp:identifier"))
            if not name:
                notes.append(Note("warning", "exporter:packageUnnamed", f"{metadata_name} has no tp:name"))
            for entry in tp_root.iterfind("tp:entryPoints/tp:entryPoint", tp):
                documents = tuple(_entry_url(d.get("href", ""), metadata_name or "")
                                  for d in entry.iterfind("tp:entryPointDocument", tp))
                entry_points.append(EntryPoint(_text(entry.find("tp:name", tp)) or "", documents))

    rewrites: list[Rewrite] = []
    if catalog_root is not None:
        if etree.QName(catalog_root).namespace != CATALOG_NAMESPACE:
            notes.append(Note("error", "tpe:invalidCatalogFile",
                              f"{catalog_name} is not an XML catalog: its root is {catalog_root.tag}"))
        else:
            rewrites = _rewrites(catalog_root, catalog_name or "", notes)
    elif meta_dir is not None and catalog_name not in members:
        notes.append(Note("warning", "exporter:noCatalog",
                          f"no {catalog_name}: the package maps no URL, so Arelle can read nothing from it offline"))
    return PackageInfo(str(path), identifier, name, version, publisher, tuple(entry_points), tuple(rewrites),
                       members, tuple(notes))


def _parse(archive: zipfile.ZipFile, member: str, sizes: dict[str, int], code: str,
           notes: list[Note]) -> Any:
    if sizes[member] > MAX_METADATA_BYTES:
        notes.append(Note("error", code, f"{member} is {sizes[member]:,} bytes; not read"))
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        # base_url: xml:base and relative rewritePrefix values resolve against the member's own path.
        return etree.fromstring(archive.read(member), parser, base_url=member)
    except etree.XMLSyntaxError as exc:
        notes.append(Note("error", code, f"{member} is not well-formed XML: {exc}"))
        return None


def _text(element: Any) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def _entry_url(href: str, metadata_name: str) -> str:
    """An entry point's URL; a relative one is a file of the package, relative to the metadata file."""
    if _is_url(href):
        return href
    return posixpath.normpath(posixpath.join(posixpath.dirname(metadata_name), href))


def _is_url(text: str) -> bool:
    # A one-letter scheme is a Windows drive, not a URL.
    return len(urlsplit(text).scheme) > 1


def _rewrites(root: Any, catalog_name: str, notes: list[Note]) -> list[Rewrite]:
    result: list[Rewrite] = []
    seen: set[str] = set()
    for element in root.iterfind(f"{{{CATALOG_NAMESPACE}}}rewriteURI"):
        start, prefix = element.get("uriStartString"), element.get("rewritePrefix")
        if not start or prefix is None:
            notes.append(Note("error", "tpe:invalidCatalogFile",
                              f"{catalog_name}: a rewriteURI needs uriStartString and rewritePrefix "
                              f"(line {element.sourceline})"))
            continue
        if start in seen:
            notes.append(Note("error", "tpe:multipleRewriteURIsForStartString",
                              f"{catalog_name}: {start} is rewritten more than once"))
            continue
        seen.add(start)
        if _is_url(prefix):
            result.append(Rewrite(start, prefix, inside=False))
            continue
        base = element.base or catalog_name
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base) if not base.endswith("/") else base,
                                                   prefix))
        if target == ".." or target.startswith("../"):
            notes.append(Note("error", "exporter:rewriteOutsidePackage",
                              f"{catalog_name}: {start} is rewritten to {prefix}, outside the package"))
            continue
        # normpath drops the trailing slash that makes the target a folder.
        result.append(Rewrite(start, target + ("/" if prefix.endswith("/") or prefix in ("", ".") else ""),
                              inside=True))
    return result


@dataclass(frozen=True, slots=True)
class PackageCheck:
    """The result of ``check_taxonomy_package``: the package as read, and every check made on it."""

    info: PackageInfo
    notes: tuple[Note, ...]

    @property
    def errors(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.level == "error")

    @property
    def warnings(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.level == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


def check_taxonomy_package(path: Path | str, others: Sequence[str] = (), load: bool = True) -> PackageCheck:
    """Check ``path`` as an XBRL Taxonomy Package: a safe, sound zip (``check_package``), its
    metadata and catalog, each rewrite pointing into the package, each entry point resolving to a
    file inside it and, with ``load``, Arelle loading each entry point offline.

    ``others`` are packages to use beside it, for the taxonomies its entry points import (the
    US-GAAP entry points import dei, for one): without them those imports are reported missing.
    """
    info = read_package_info(path)
    notes = list(info.notes)
    if not any(n.code == "tpe:invalidDirectoryStructure" for n in info.notes):
        notes.append(Note("ok", "structure", f"a zip of {len(info.members):,} files in one folder, with "
                                             "META-INF/taxonomyPackage.xml"))
    for rewrite in info.rewrites:
        if not rewrite.inside:
            notes.append(Note("warning", "exporter:rewriteToUrl",
                              f"{rewrite.start} is rewritten to another URL ({rewrite.target}): read from the web"))
        elif not any(m.startswith(rewrite.target) for m in info.members):
            notes.append(Note("error", "exporter:rewriteTargetMissing",
                              f"{rewrite.start} is rewritten to {rewrite.target}, which holds no file"))
    if info.rewrites:
        notes.append(Note("ok", "catalog", f"{_count(len(info.rewrites), 'URL prefix', 'URL prefixes')} mapped "
                                           "into the package"))
    documents: list[str] = []
    for entry in info.entry_points:
        for url in entry.documents:
            member = url if not _is_url(url) else info.resolve(url)
            if member is None:
                notes.append(Note("error", "exporter:entryPointNotMapped",
                                  f"entry point {url} ({entry.name}): the catalog maps it to no file of the package"))
            elif not info.has(member):
                notes.append(Note("error", "exporter:entryPointNotInPackage",
                                  f"entry point {url} ({entry.name}): {member} is not in the package"))
            else:
                documents.append(url if _is_url(url) else f"{Path(path).resolve()}/{member}")
    if not info.entry_points:
        notes.append(Note("warning", "exporter:noEntryPoints",
                          "the package names no entry point (tp:entryPoints); nothing to load on its own"))
    if load:
        notes.extend(_load_with_arelle(str(Path(path).resolve()), others, documents, {n.code for n in notes}))
    return PackageCheck(info, tuple(notes))


def _load_with_arelle(package: str, others: Sequence[str], documents: Sequence[str], reported: set[str]) -> list[Note]:
    packages = [package, *(p for p in others if p != package)]
    notes: list[Note] = []
    # Arelle checks the package itself when it activates it: report what it says, once.
    with tempfile.TemporaryDirectory(prefix="xbrl-exporter-") as folder:
        empty = Path(folder) / "empty.xsd"
        empty.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n', encoding="utf-8")
        _, messages = arelle.run(str(empty), packages, offline=True)
    for message in messages:
        if (message.is_error or message.level.upper() == "WARNING") and message.code not in reported:
            notes.append(Note("error" if message.is_error else "warning", message.code,
                              f"Arelle, activating the packages: {message.text}"))
            reported.add(message.code)
    for url in documents:
        count, messages = arelle.run(url, packages, lambda model: len(model.urlDocs), offline=True)
        errors = [m for m in messages if m.is_error and not m.code.startswith("tpe:")]
        if errors or not count:
            shown = "; ".join(f"[{m.code}] {m.text}" for m in errors[:3])
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            said = f"loads it with {_count(len(errors), 'error', 'errors')}: {shown}{more}" if errors \
                else "could not load it"
            notes.append(Note("error", "exporter:entryPointDoesNotLoad", f"entry point {url}: Arelle {said}"))
        else:
            notes.append(Note("ok", "entry point", f"entry point {url}: Arelle loads it offline ({count} documents)"))
    return notes


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
