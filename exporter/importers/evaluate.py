"""Measure concept suggestions against a hand-made mapping of the same tables (a reference source).

Used by the tests to report top-1 and top-5 accuracy of the suggester on the ICC example, and
useful when tuning the synonym table on another hand-tagged filing: every miss is listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exporter.importers.model import ImportedRow, ImportedTable, ImportResult
from exporter.importers.rows import EXTENSION_BELOW, value_kind
from exporter.importers.suggest import LineContext, Suggester
from exporter.source.model import Line, Source, Table

STANDARD_PREFIXES = ("us-gaap:", "srt:", "dei:")


@dataclass(frozen=True, slots=True)
class Judged:
    """One mapped line (or number in a label) of the reference, and what was suggested for it."""

    table: str
    row: str
    label: str
    expected: str
    ranked: tuple[str, ...]  # best first; empty when the line was not found in the import

    @property
    def standard(self) -> bool:
        return self.expected.startswith(STANDARD_PREFIXES)

    @property
    def top1(self) -> bool:
        if not self.standard:
            return bool(self.ranked) and not self.ranked[0].startswith(STANDARD_PREFIXES)
        return bool(self.ranked) and self.ranked[0] == self.expected

    @property
    def top5(self) -> bool:
        return self.expected in self.ranked[:5]


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Results over every judged line: standard concepts (top-1, top-5) and extension decisions."""

    items: tuple[Judged, ...]

    @property
    def standard(self) -> tuple[Judged, ...]:
        return tuple(i for i in self.items if i.standard)

    @property
    def extensions(self) -> tuple[Judged, ...]:
        return tuple(i for i in self.items if not i.standard)

    @property
    def top1(self) -> int:
        return sum(i.top1 for i in self.standard)

    @property
    def top5(self) -> int:
        return sum(i.top5 for i in self.standard)

    @property
    def extensions_found(self) -> int:
        return sum(i.top1 for i in self.extensions)

    @property
    def misses(self) -> tuple[str, ...]:
        return tuple(f"{i.table}/{i.row} {i.label[:60]!r}: expected {i.expected}, got {', '.join(i.ranked[:3]) or '-'}"
                     for i in self.items if not i.top1)

    def summary(self) -> str:
        n = len(self.standard)
        return (f"standard concepts: top-1 {self.top1}/{n} ({_percent(self.top1, n)}), top-5 {self.top5}/{n} "
                f"({_percent(self.top5, n)}); company-specific lines given an extension concept: "
                f"{self.extensions_found}/{len(self.extensions)}")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _cells(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(" ".join(t.split()) for t in texts)


def _signature(label: str, cells: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return _key(label), _cells(cells)


def in_context(result: ImportResult, reference: Source) -> Accuracy:
    """The importer's choices for the reference's mapped lines, found by printed label and cells."""
    items: list[Judged] = []
    for table in reference.tables:
        imported = _matching_table(table, result.tables)
        for line in table.lines:
            mapping = line.mapping
            if mapping is None:
                continue
            row = _matching_row(line, imported) if imported else None
            if mapping.concept:
                items.append(Judged(table.id, line.id, line.label, mapping.concept, _ranked(row)))
            for value in mapping.label_values:
                found = next((v.concept for v in row.label_values if v.text == value.text), None) if row else None
                items.append(Judged(table.id, f"{line.id} {value.text}", line.label, value.concept,
                                    (found,) if found else ()))
    return Accuracy(tuple(items))


def label_only(suggester: Suggester, reference: Source) -> Accuracy:
    """The suggester alone on each mapped line: its label, the table kind, the period type and the
    printed values, without headings or neighbouring lines (what ``xbrl-export suggest`` is given)."""
    periods = {p.id: p for p in reference.periods}
    items: list[Judged] = []
    for table in reference.tables:
        kind = _table_kind(table)
        for line in table.lines:
            mapping = line.mapping
            if mapping is None or not mapping.concept:
                continue
            cells = [cell.text for _, cell in line.cells]
            numbers = [cell.number.value for _, cell in line.cells if cell.number is not None and not cell.number.nil]
            instant = periods[table.columns[0].period].is_instant
            context = LineContext(line.label, kind, "instant" if instant else "duration",
                                  value_kind(line.label, cells), bool(numbers) and all(n < 0 for n in numbers))
            suggestions = suggester.suggest(context, 5)
            ranked = tuple(s.concept for s in suggestions)
            if not mapping.concept.startswith(STANDARD_PREFIXES) and (
                    suggester.is_non_gaap(line.label) or not suggestions or suggestions[0].score < EXTENSION_BELOW):
                ranked = ("(extension)", *ranked)
            items.append(Judged(table.id, line.id, line.label, mapping.concept, ranked))
    return Accuracy(tuple(items))


def _table_kind(table: Table) -> str:
    title = table.title.lower()
    if "balance sheet" in title:
        return "balance"
    if "reconciliation" not in title and re.search(r"statements? of (operations|income)", title):
        return "operations"
    return "other"


def _ranked(row: ImportedRow | None) -> tuple[str, ...]:
    if row is None or row.concept is None:
        return ()
    return tuple(dict.fromkeys([row.concept, *(s.concept for s in row.suggestions)]))


def _matching_table(table: Table, imported: Sequence[ImportedTable]) -> ImportedTable | None:
    wanted = {_signature(line.label, [c.text for _, c in line.cells]) for line in table.lines}
    best, best_overlap = None, 0
    for candidate in imported:
        got = {_signature(r.label, r.cells) for r in candidate.rows}
        overlap = len(wanted & got)
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    return best


def _matching_row(line: Line, table: ImportedTable) -> ImportedRow | None:
    cells = _cells(c.text for _, c in line.cells)
    same = [r for r in table.rows if _cells(r.cells) == cells]
    return next((r for r in same if _key(r.label) == _key(line.label)), same[0] if len(same) == 1 else None)
