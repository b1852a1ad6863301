"""What the checks report, and the words of the source they report it in.

A finding names the problem the way a reviewer at a filing agent would: the table's title, the
line's label, the column's heading and the period, with the file and line to open. The lookups
here read only the Report (stage 3's output), never the source files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from exporter.errors import Location
from exporter.facts.model import Context, Fact, Period, QName
from exporter.facts.report import LABEL_ROLE, TERSE_LABEL_ROLE, Report, TableLayout

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# The kinds of check, in the order the report lists them, with their headings.
CHECK_KINDS: dict[str, str] = {
    "calculation": "Calculations",
    "duplicate": "Duplicate facts",
    "sign": "Signs and balances",
    "breakdown": "Breakdowns",
    "completeness": "Completeness",
    "placeholder": "Placeholders",
}


@dataclass(frozen=True, slots=True)
class Where:
    """One place a finding is about: the file and line to open, and the table, row, column and
    period in the source's own identifiers (any of them may be unknown)."""

    file: str
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    period: str | None = None

    def __str__(self) -> str:
        text = self.file if self.line is None else f"{self.file}:{self.line}"
        details = [f"{name} {value}" for name, value in
                   (("table", self.table), ("row", self.row), ("column", self.column), ("period", self.period))
                   if value]
        return f"{text} ({', '.join(details)})" if details else text

    def as_dict(self) -> dict[str, str | int | None]:
        return {"file": self.file, "line": self.line, "table": self.table, "row": self.row,
                "column": self.column, "period": self.period}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reviewer would point out.

    ``check`` is the kind of check (a key of ``CHECK_KINDS``), ``code`` a stable identifier for
    machines and tests, ``message`` the explanation in the source's words, ``locations`` the
    places it is about (the most important first) and ``values`` the numbers behind it, as exact
    decimal strings, e.g. ``(("total", "-367000"), ("sum", "615000"))``.
    """

    check: str
    severity: Severity
    code: str
    message: str
    locations: tuple[Where, ...] = ()
    values: tuple[tuple[str, str], ...] = field(default=())

    @property
    def table(self) -> str | None:
        """The table the finding belongs to (that of its first location), for grouping."""
        return next((w.table for w in self.locations if w.table), None)

    def value(self, key: str) -> str | None:
        """One of ``values`` by name."""
        return dict(self.values).get(key)

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "severity": self.severity, "code": self.code, "message": self.message,
                "table": self.table, "locations": [w.as_dict() for w in self.locations],
                "values": dict(self.values)}


def strict(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings with every warning raised to an error (``--strict``)."""
    return tuple(replace(f, severity="error") if f.severity == "warning" else f for f in findings)


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)


# --- numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """The closed interval of values a reported number may stand for.

    XBRL Calculations 1.1 (round-to-nearest) reads ``3,103`` reported with decimals −3 as any value
    in [3,102,500, 3,103,500]; sums of intervals are intervals, and a total is consistent with its
    parts when the two intervals overlap. This is what Arelle's ``calcs=c11r`` does.
    """

    low: Decimal
    high: Decimal

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def times(self, weight: int) -> Interval:
        a, b = self.low * weight, self.high * weight
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other: Interval) -> bool:
        return max(self.low, other.low) <= min(self.high, other.high)

    def __str__(self) -> str:
        return f"[{self.low}, {self.high}]"


ZERO_INTERVAL = Interval(Decimal(0), Decimal(0))


def fact_interval(fact: Fact) -> Interval:
    """The values a numeric fact stands for given its ``decimals`` (exact when decimals is INF)."""
    assert isinstance(fact.value, Decimal)
    if fact.decimals is None:
        return Interval(fact.value, fact.value)
    half = Decimal(1).scaleb(-fact.decimals) / 2
    return Interval(fact.value - half, fact.value + half)


def duplicates_interval(facts: Iterable[Fact]) -> Interval | None:
    """The values a set of duplicate numeric facts (same concept, context, unit) agree on, or None
    when they are inconsistent.

    As in XBRL's Duplicates handling (and Arelle): copies with the same decimals must be equal,
    and every copy's interval must overlap every other's, i.e. the values agree after rounding to
    the lower decimals.
    """
    by_decimals: dict[int | None, Decimal] = {}
    low: Decimal | None = None
    high: Decimal | None = None
    for fact in facts:
        assert isinstance(fact.value, Decimal)
        if fact.decimals in by_decimals and by_decimals[fact.decimals] != fact.value:
            return None
        by_decimals[fact.decimals] = fact.value
        interval = fact_interval(fact)
        low = interval.low if low is None else max(low, interval.low)
        high = interval.high if high is None else min(high, interval.high)
    if low is None or high is None or low > high:
        return None
    return Interval(low, high)


def most_precise(facts: Iterable[Fact]) -> Fact:
    """Of consistent duplicates, the one reported with the most decimals (the first if equal)."""
    return max(facts, key=lambda f: float("inf") if f.decimals is None else f.decimals)


def amount(value: Decimal, scale: int = 0, percent: bool = False) -> str:
    """A value the way the source prints it: ``-367000`` at scale 3 → ``(367)``; ``0.615`` as a
    percentage → ``61.5%``."""
    shown = value.scaleb(2 if percent else -scale)
    text = format(abs(shown).normalize(), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text += "%" if percent else ""
    return f"({text})" if shown < 0 else text


def fact_amount(fact: Fact, value: Decimal | None = None) -> str:
    """``value`` (default: the fact's own) in the fact's printed scale."""
    assert isinstance(fact.value, Decimal)
    shown = fact.shown
    scale = shown.scale if shown and not shown.percent else 0
    return amount(fact.value if value is None else value, scale, bool(shown and shown.percent))


def period_words(period: Period) -> str:
    """``2003-08-01 to 2003-10-31``, or the day of an instant."""
    return str(period.end) if period.start is None else f"{period.start} to {period.end}"


def period_id(period: Period) -> str:
    """The period as the XBRL instant or start/end days (inclusive): ``2003-08-01/2003-10-31``."""
    return str(period.end) if period.start is None else f"{period.start}/{period.end}"


def words(name: str) -> str:
    """``ProductOrServiceAxis`` → ``Product Or Service Axis``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


_PRINTED_NEGATIVE = re.compile(r"^\s*\(|^\s*\$?\s*-\s*[\d.]|\(\s*\$?\s*[\d.]")


def printed_negative(text: str) -> bool:
    """Whether a printed cell shows a negative number: ``(13)``, ``$ (818)``, ``($ 818)``, ``-5``."""
    return bool(_PRINTED_NEGATIVE.search(text))


# --- the source's words --------------------------------------------------------------------------


class SourceWords:
    """Looks up the source's own words for what the Report holds: table titles, column headings,
    line labels, concept and member labels.

    A table's column headings and periods are found from its cells the first time a finding asks
    for one of its columns: at 100,000 facts going through every cell takes longer than the rest
    of the lookups, and a report with findings about signs alone never needs them.
    """

    __slots__ = ("tables", "labels", "base", "_report", "_facts", "_moved", "_columns", "_periods", "_scanned",
                 "_period_ids")

    def __init__(self, report: Report, tables: dict[str, TableLayout], labels: dict[QName, str], base: str,
                 facts: dict[str, Fact] | None = None) -> None:
        self.tables = tables
        self.labels = labels
        self.base = base  # the source folder's name, which starts every file name in locations
        self._report = report
        self._facts = facts  # by id, built when first needed
        self._moved = frozenset(m.fact_id for m in report.moved)  # tagged with another column's period
        self._columns: dict[tuple[str, str], str] = {}  # (table, column id) → the heading as printed
        self._periods: dict[tuple[str, str], str] = {}  # (table, column id) → the column's ``period_id``
        self._scanned: set[str] = set()  # the tables whose columns are in the two above
        # id of a context → (the context, its ``period_id``): a finding has a location per fact, and
        # facts share a few thousand contexts. The entry holds the context, so its id stays its own.
        self._period_ids: dict[int, tuple[Context, str]] = {}

    @classmethod
    def of(cls, report: Report, facts: dict[str, Fact] | None = None) -> SourceWords:
        """The lookups for one report; ``facts`` by id when the caller has them already."""
        tables = {t.id: t for t in report.tables}
        labels: dict[QName, str] = {}
        for label in report.extension.labels:
            if label.role == LABEL_ROLE or (label.role == TERSE_LABEL_ROLE and label.concept not in labels):
                labels[label.concept] = label.text
        base = next((f.origin.location.file.split("/", 1)[0] for f in report.facts if f.origin), report.name)
        return cls(report, tables, labels, base, facts)

    def facts_by_id(self) -> dict[str, Fact]:
        """The report's facts by id (the last one for an id that is not unique)."""
        if self._facts is None:
            self._facts = {f.id: f for f in self._report.facts}
        return self._facts

    def _scan(self, table: str) -> None:
        """Find the headings and periods of a table's columns from its cells.

        A layout cell that holds a fact names its printed column; that is how a column id finds
        its heading (layouts list headings, facts know column ids). The first cell of a column
        gives its heading, the first not moved its period: once a column has both, its other
        cells (one per line) are passed over by their column id alone.
        """
        self._scanned.add(table)
        facts = self.facts_by_id()
        columns, periods, moved = self._columns, self._periods, self._moved
        done: set[str] = set()  # columns that have a heading and a period
        for layout in self._report.tables:
            if layout.id != table:
                continue
            headings = layout.column_headings
            for line in layout.lines:
                for index, cell in enumerate(line.cells):
                    fact = facts.get(cell.fact_id or "")
                    if fact is None or fact.origin is None or index >= len(headings):
                        continue
                    column = fact.origin.column
                    if column in done:
                        continue
                    key = (table, column)
                    if key not in columns:
                        heading = " ".join(headings[index].split())
                        if layout.column_heading:
                            heading = f"{' '.join(layout.column_heading.split())} {heading}"
                        columns[key] = heading
                    if fact.id not in moved:
                        periods[key] = period_id(fact.context.period)
                        done.add(column)

    def title(self, table: str | None) -> str:
        layout = self.tables.get(table or "")
        return " ".join(layout.title.split()) if layout else (table or "")

    def column(self, table: str, column: str) -> str:
        if table not in self._scanned:
            self._scan(table)
        return self._columns.get((table, column), column)

    def period(self, table: str, column: str) -> str | None:
        """The period of a printed column, as its tagged cells have it."""
        if table not in self._scanned:
            self._scan(table)
        return self._periods.get((table, column))

    def concept_label(self, concept: QName) -> str:
        return self.labels.get(concept) or words(concept.local)

    def line_label(self, fact: Fact) -> str:
        """The printed label of the fact's line; a total printed without one gets the concept's."""
        label = " ".join(fact.origin.label.split()) if fact.origin else ""
        return label or self.concept_label(fact.concept.qname)

    def members(self, fact: Fact, skip: QName | None = None) -> str:
        """The fact's members, by label: ``ICC.NET [Member], Core VAN Services [Member]``."""
        return ", ".join(self.concept_label(member) for axis, member in fact.context.dimensions if axis != skip)

    def cell(self, fact: Fact) -> str:
        """Where a fact is printed, in words: ``Net loss, Consolidated Statements of Operations
        (unaudited), Three Months Ended October 31, 2003``."""
        if fact.origin is None:
            return self.concept_label(fact.concept.qname)
        origin = fact.origin
        if origin.table == "cover":
            return f"{origin.label} (cover)"
        return f"{self.line_label(fact)}, {self.title(origin.table)}, {self.column(origin.table, origin.column)}"

    def subject(self, fact: Fact, cell: bool = True) -> str:
        """The fact as a reviewer names it: where it is printed (or its line's label), then its
        period and members: ``Adjusted EBITDA loss, Reconciliation ..., First Quarter Fiscal 2004
        (2003-08-01 to 2003-10-31)``."""
        dims = self.members(fact)
        name = self.cell(fact) if cell else self.line_label(fact)
        return f"{name} ({period_words(fact.context.period)}{'; ' + dims if dims else ''})"

    def where(self, fact: Fact) -> Where:
        """The fact's printed cell as a location."""
        context = fact.context
        known = self._period_ids.get(id(context))
        if known is None or known[0] is not context:
            known = self._period_ids[id(context)] = (context, period_id(context.period))
        period = known[1]
        if fact.origin is None:
            return Where(self.base, period=period)
        origin = fact.origin
        return Where(origin.location.file, origin.location.line, origin.table, origin.row, origin.column, period)


def location_where(location: Location, table: str | None = None, row: str | None = None,
                   column: str | None = None, period: str | None = None) -> Where:
    """A source location (file, line) as a finding's location."""
    return Where(location.file, location.line, table, row, column, period)
