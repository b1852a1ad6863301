"""The report source as read from disk: what is printed and what the mapping says it means.

Plain immutable data; nothing here knows about taxonomies or XBRL output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from exporter.errors import Location
from exporter.source.cells import PrintedNumber


@dataclass(frozen=True, slots=True)
class PeriodDef:
    """A named period: a duration (``start``..``end``, both inclusive days) or an ``instant`` day."""

    id: str
    end: dt.date
    start: dt.date | None = None
    location: Location | None = field(default=None, compare=False)

    @property
    def is_instant(self) -> bool:
        return self.start is None


@dataclass(frozen=True, slots=True)
class CoverFact:
    concept: str
    value: str
    period: str
    placeholder: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class ExtensionConcept:
    name: str
    label: str
    type: str
    period_type: Literal["duration", "instant"]
    balance: Literal["debit", "credit"] | None
    documentation: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class ExtensionMember:
    name: str
    label: str
    axis: str
    parent: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    heading: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    location: Location


@dataclass(frozen=True, slots=True)
class TotalPart:
    """One summand of a total: a row id and, if written, its explicit weight."""

    row: str
    weight: int | None


@dataclass(frozen=True, slots=True)
class LabelValue:
    """A number printed inside a line's label, e.g. an allowance stated in the receivables label."""

    text: str
    column: str
    concept: str
    sign: Literal["as_printed", "negate"]
    dimensions: tuple[tuple[str, str], ...]
    number: PrintedNumber
    location: Location


@dataclass(frozen=True, slots=True)
class RowMapping:
    """What a printed line means: the concept its numbers are facts of, and how."""

    concept: str | None
    sign: Literal["as_printed", "negate"]
    dimensions: tuple[tuple[str, str], ...]
    unit: str | None
    scale: int | None
    decimals: int | None
    total: tuple[TotalPart, ...]
    label_values: tuple[LabelValue, ...]
    comment: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Cell:
    """A printed cell: its text exactly as in the CSV and the number read from it, if any."""

    text: str
    number: PrintedNumber | None
    location: Location


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a table (a CSV row)."""

    id: str
    indent: int
    label: str
    cells: tuple[tuple[str, Cell], ...]
    mapping: RowMapping | None
    location: Location

    def cell(self, column: str) -> Cell | None:
        for column_id, cell in self.cells:
            if column_id == column:
                return cell
        return None


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    title: str
    heading: str | None
    kind: Literal["statement", "disclosure", "document"]
    scale_note: str | None
    scale: int
    dimensions: tuple[tuple[str, str], ...]
    column_heading: str | None
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    location: Location

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def line(self, line_id: str) -> Line | None:
        return next((line for line in self.lines if line.id == line_id), None)


@dataclass(frozen=True, slots=True)
class Resolution:
    table: str
    row: str
    column: str
    action: Literal["exclude", "move"]
    to_column: str | None
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A value the source does not give, marked as such in the source."""

    what: str
    value: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Source:
    """A whole report source folder."""

    root: str
    name: str
    title: str
    language: str
    dimension_container: Literal["segment", "scenario"]
    entity_name: str
    entity_scheme: str
    entity_identifier: str
    fiscal_year_end: str | None
    taxonomy: str
    currency: str
    extension_prefix: str
    extension_namespace: str
    extension_concepts: tuple[ExtensionConcept, ...]
    extension_members: tuple[ExtensionMember, ...]
    axes: tuple[tuple[str, str], ...]
    periods: tuple[PeriodDef, ...]
    cover: tuple[CoverFact, ...]
    tables: tuple[Table, ...]
    resolutions: tuple[Resolution, ...]
    placeholders: tuple[Placeholder, ...]

    def period(self, period_id: str) -> PeriodDef | None:
        return next((p for p in self.periods if p.id == period_id), None)
