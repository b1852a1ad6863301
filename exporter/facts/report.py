"""A whole report as the emitters see it: facts, the extension taxonomy, and the printed layout."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from exporter.errors import Location
from exporter.facts.model import Concept, Entity, Fact, QName

LABEL_ROLE = "http://www.xbrl.org/2003/role/label"
TERSE_LABEL_ROLE = "http://www.xbrl.org/2003/role/terseLabel"
TOTAL_LABEL_ROLE = "http://www.xbrl.org/2003/role/totalLabel"
NEGATED_LABEL_ROLE = "http://www.xbrl.org/2009/role/negatedLabel"


@dataclass(frozen=True, slots=True)
class Label:
    concept: QName
    role: str
    text: str


@dataclass(frozen=True, slots=True)
class PresentationArc:
    parent: QName
    child: QName
    order: int
    preferred_label: str | None = None


@dataclass(frozen=True, slots=True)
class CalculationArc:
    total: QName
    item: QName
    weight: int
    order: int


@dataclass(frozen=True, slots=True)
class DefinitionArc:
    arcrole: Literal["all", "hypercube-dimension", "dimension-domain", "dimension-default", "domain-member"]
    source: QName
    target: QName
    order: int
    closed: bool = False
    context_element: Literal["segment", "scenario"] | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """An extended link role: one per table, holding its presentation, calculation and definition."""

    id: str
    uri: str
    definition: str
    presentation: tuple[PresentationArc, ...]
    calculation: tuple[CalculationArc, ...]
    definition_arcs: tuple[DefinitionArc, ...]


@dataclass(frozen=True, slots=True)
class ExtensionTaxonomy:
    """The company's extension: its schema (concepts, members, roles) and linkbases."""

    prefix: str
    namespace: str
    schema_file: str
    imports: tuple[tuple[str, str], ...]  # (namespace, schema URL) of the standard taxonomies
    concepts: tuple[Concept, ...]
    labels: tuple[Label, ...]
    roles: tuple[Role, ...]


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """A printed cell: its text, and the fact tagged in it (if any)."""

    text: str
    fact_id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LayoutLine:
    id: str
    indent: int
    label: str
    cells: tuple[LayoutCell, ...]
    label_facts: tuple[tuple[str, str], ...] = ()  # (text in the label, fact id)
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A table as printed, for the Inline XBRL emitter."""

    id: str
    title: str
    heading: str | None
    scale_note: str | None
    column_heading: str | None
    column_headings: tuple[str, ...]
    lines: tuple[LayoutLine, ...]
    role_uri: str


@dataclass(frozen=True, slots=True)
class Untagged:
    """A printed number that is not a fact, and why."""

    table: str
    row: str
    column: str
    label: str
    printed: str
    location: Location
    reason: str | None  # None: nothing in the source explains it (a completeness finding)
    resolved: bool = False  # True when a resolution in the source excluded it


@dataclass(frozen=True, slots=True)
class Moved:
    """A printed number tagged under another column by a resolution."""

    fact_id: str
    from_column: str
    to_column: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Summation:
    """A total printed in a table and the lines it sums, for checks and the calculation linkbase."""

    table: str
    role_uri: str
    total_row: str
    total: QName
    items: tuple[tuple[str, QName, int], ...]  # (row id, concept, weight)
    location: Location


@dataclass(frozen=True, slots=True)
class Placeholder:
    what: str
    value: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the emitters write, derived from one source."""

    name: str
    title: str
    language: str
    dimension_container: Literal["segment", "scenario"]
    entity: Entity
    entity_name: str
    facts: tuple[Fact, ...]
    namespaces: tuple[tuple[str, str], ...]
    extension: ExtensionTaxonomy
    tables: tuple[TableLayout, ...]
    summations: tuple[Summation, ...]
    untagged: tuple[Untagged, ...]
    moved: tuple[Moved, ...]
    placeholders: tuple[Placeholder, ...]

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)


def scaled(value: Decimal, scale: int) -> Decimal:
    """``value`` × 10^``scale`` exactly."""
    return value.scaleb(scale)
