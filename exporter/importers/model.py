"""What an import produces: a report source in memory, with suggestions and review notes, before it
is written as report.yaml, tables/*.csv, tables/*.yaml and resolutions.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from exporter.importers.periods import PeriodSpec
from exporter.importers.suggest import Suggestion
from exporter.importers.tables import Issue

SEGMENT_AXIS = "us-gaap:StatementBusinessSegmentsAxis"
PRODUCT_AXIS = "srt:ProductOrServiceAxis"
# Every axis the importer uses, with its domain (the default member).
AXIS_DOMAINS = {SEGMENT_AXIS: "us-gaap:SegmentDomain", PRODUCT_AXIS: "srt:ProductsAndServicesDomain"}


@dataclass(frozen=True, slots=True)
class LabelValueSpec:
    """A number printed inside a label, tagged with the period of one column."""

    text: str
    column: str
    concept: str


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """One printed line and what the importer suggests it means."""

    id: str
    indent: int
    label: str
    cells: tuple[str, ...]  # per column, "" where nothing is printed
    lines: tuple[int, ...]  # line numbers in the exhibit
    concept: str | None = None
    sign: str = "as_printed"
    dimensions: tuple[tuple[str, str], ...] = ()
    total: tuple[str, ...] = ()
    calc: tuple[tuple[str, int], ...] = ()  # the total's items as (concept, weight), for checking
    label_values: tuple[LabelValueSpec, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    notes: tuple[str, ...] = ()  # why the concept, sign or total was chosen
    review: tuple[str, ...] = ()  # what a person should check
    comment: str | None = None  # why a row with values stays untagged

    @property
    def is_heading(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True, slots=True)
class ImportedColumn:
    id: str
    heading: str
    period: PeriodSpec


@dataclass(frozen=True, slots=True)
class ImportedTable:
    id: str
    title: str
    heading: str | None
    kind: str  # statement | disclosure
    table_kind: str  # balance | operations | comprehensive | cashflow | equity | other
    scale_note: str | None
    scale: int
    dimensions: tuple[tuple[str, str], ...]
    column_heading: str | None
    columns: tuple[ImportedColumn, ...]
    rows: tuple[ImportedRow, ...]
    first: int
    last: int
    footnotes: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    source_index: int = 0  # which table region of the exhibit it was read from

    def row(self, row_id: str) -> ImportedRow | None:
        return next((r for r in self.rows if r.id == row_id), None)


@dataclass(frozen=True, slots=True)
class ExtensionConceptSpec:
    name: str
    label: str
    type: str
    period_type: str


@dataclass(frozen=True, slots=True)
class MemberSpec:
    name: str
    label: str
    axis: str


@dataclass(frozen=True, slots=True)
class ResolutionSpec:
    table: str
    row: str
    column: str
    action: str  # exclude | move
    reason: str
    to_column: str | None = None


@dataclass(frozen=True, slots=True)
class CoverSpec:
    concept: str
    value: str
    period: str
    placeholder: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A whole imported source, and what could not be read (by line)."""

    exhibit: str  # the exhibit's file name, for comments
    name: str
    title: str
    entity_name: str
    identifier: str
    identifier_placeholder: str | None
    fiscal_year_end: str | None
    fiscal_year_end_source: str | None  # the words that state it, or "given"
    prefix: str
    namespace: str
    periods: tuple[PeriodSpec, ...]
    cover: tuple[CoverSpec, ...]
    tables: tuple[ImportedTable, ...]
    concepts: tuple[ExtensionConceptSpec, ...]
    members: tuple[MemberSpec, ...]
    axes: tuple[tuple[str, str], ...]
    resolutions: tuple[ResolutionSpec, ...]
    issues: tuple[Issue, ...]
    notes: tuple[str, ...] = ()

    def table(self, table_id: str) -> ImportedTable | None:
        return next((t for t in self.tables if t.id == table_id), None)

    @property
    def review_count(self) -> int:
        return sum(len(r.review) for t in self.tables for r in t.rows) + sum(len(t.review) for t in self.tables)
