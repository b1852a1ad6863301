"""Reading one table region as printed: title lines, columns and their headings, rows and cells.

Nothing here interprets the table (periods, concepts, totals); it only recovers what is printed
where, and reports by line number what it could not place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.importers.exhibit import Region
from exporter.importers.layout import (
    Chunk,
    Line,
    Rule,
    is_header_line,
    join_words,
    normal_cell,
    rule_of,
    split_line,
)

_CONNECTORS = ("-", ",", "(", "&", " and", " or", " of", " for", " to", " the", " in", " on", " from", " by",
               " with", " net")
_CONTINUED = re.compile(r"\(?\bcontinued\b\)?\s*$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\s*(\*+|\(\d{1,2}\)|\([a-z]\)|\d\))\s+\S")
_UNIT_NOTE = re.compile(
    r"\(?\s*(in\s+(thousands|millions|billions)|\$?\s*000'?s|thousands\s+of|millions\s+of|amounts\s+in)\b[^)]*\)?"
    r"|\(\s*\$?\s*000'?s\s*(omitted)?\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Issue:
    """Something printed that could not be read, at a line of the exhibit."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    """A value column: where its cells are printed and the headings printed above it."""

    start: int
    end: int  # exclusive
    headings: tuple[str, ...]  # printed above this column only, top to bottom
    spanning: tuple[str, ...]  # printed above this and neighbouring columns, top to bottom

    @property
    def center(self) -> float:
        return (self.start + self.end - 1) / 2


@dataclass(frozen=True, slots=True)
class PrintedRow:
    """One printed row: a label (joined over wrapped lines) and a cell per column (``None``: empty)."""

    lines: tuple[int, ...]
    indent: int
    label: str
    cells: tuple[str | None, ...]
    rule_before: str | None = None  # "single" or "double": a rule under the value columns just above

    @property
    def is_heading(self) -> bool:
        return all(cell is None for cell in self.cells)


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A table as printed: title lines, unit notes, columns, rows, footnotes and what was not read."""

    first: int
    last: int
    title_groups: tuple[tuple[str, ...], ...]  # groups of title lines, separated by blank lines
    unit_notes: tuple[str, ...]
    columns: tuple[ColumnLayout, ...]
    rows: tuple[PrintedRow, ...]
    footnotes: tuple[str, ...]
    issues: tuple[Issue, ...]
    header_lines: tuple[int, ...] = ()

    def header_signature(self) -> tuple[tuple[str, ...], ...]:
        """The column headings, to recognise a table continued after a page break."""
        return tuple(c.spanning + c.headings for c in self.columns)


@dataclass(frozen=True, slots=True)
class _Read:
    """A line of the region as read: a rule, or label chunks and trailing cells."""

    line: Line
    rule: Rule | None
    label: tuple[Chunk, ...]
    cells: tuple[Chunk, ...]
    header: bool

    @property
    def blank(self) -> bool:
        return self.line.blank

    @property
    def data(self) -> bool:
        return bool(self.cells) and not self.header


def unit_note(text: str) -> str | None:
    """The unit note in a title line, as printed: ``(in thousands, except ...)``, ``(000's)``."""
    match = _UNIT_NOTE.search(text)
    return match.group(0).strip() if match else None


def read_table(region: Region) -> TableLayout:
    """Read a table region into its printed layout.

    Column positions come from where the cells of the rows are printed (the ``<C>`` marks of a
    tagged table are only a hint: they are often off by a few characters).
    """
    issues: list[Issue] = []
    read = [_read(line) for line in region.lines]
    data = [r for r in read if r.data]
    if not data:
        numbered = [r.line.number for r in read if not r.blank]
        issues.append(Issue(numbered[0] if numbered else region.first,
                            "a table without rows of amounts: its layout could not be read"))
        return TableLayout(region.first, region.last, (), (), (), (), (), tuple(issues))
    first_data = read.index(data[0])
    header_indexes = [i for i, r in enumerate(read[:first_data]) if r.header]
    body_start = header_indexes[-1] + 1 if header_indexes else _body_start(read, first_data)
    spans = _columns(data, region.column_hints)
    label_end = spans[0][0]
    # Cells printed left of every column are numbers inside the label ("Notes due  2010").
    read = [_relabel(r, label_end) for r in read]

    title_lines: list[tuple[int, str]] = []
    head_texts: list[tuple[int, list[Chunk]]] = []
    header_end = body_start
    for index, r in enumerate(read[:header_end]):
        if r.blank:
            title_lines.append((r.line.number, ""))
            continue
        if r.rule is not None:
            continue
        parts = [*r.label, *r.cells]
        if not header_indexes or index < header_indexes[0]:
            title_lines.append((r.line.number, join_words([p.text for p in parts])))
            continue
        # Stub text ("(000's)", "Consolidated") starts at the left; a heading over a narrow column
        # may end before the column's cells start, but it starts well right of the margin.
        left = [p for p in parts if p.end <= label_end + 1 and p.start < label_end / 2]
        right = [p for p in parts if p not in left]
        if left:
            title_lines.append((r.line.number, join_words([p.text for p in left])))
        if right:
            head_texts.append((index, right))
    columns = _headings(spans, head_texts, read)

    rows, footnotes, body_issues = _rows(read[body_start:], spans, label_end, read[:body_start])
    issues.extend(body_issues)
    groups, units = _title_groups(region.title_block, title_lines)
    return TableLayout(region.first, region.last, groups, units, columns, tuple(rows), tuple(footnotes),
                       tuple(issues), tuple(read[i].line.number for i in header_indexes))


def _read(line: Line) -> _Read:
    rule = rule_of(line.text)
    if rule is not None or line.blank:
        return _Read(line, rule, (), (), False)
    label, cells = split_line(line.text)
    return _Read(line, None, label, cells, is_header_line(line.text))


def _relabel(r: _Read, label_end: int) -> _Read:
    moved = [c for c in r.cells if c.end <= label_end - 1 and c.start < label_end - 4]
    if not moved or r.header:
        return r
    return _Read(r.line, r.rule, r.label + tuple(moved), tuple(c for c in r.cells if c not in moved), r.header)


def _body_start(read: Sequence[_Read], first_data: int) -> int:
    """Without column headings, the body starts after the title lines (non-blank runs) above the rows."""
    index = first_data
    while index > 0 and not read[index - 1].blank and read[index - 1].rule is None:
        index -= 1
    return index


def _columns(data: Sequence[_Read], hints: Sequence[int]) -> list[tuple[int, int]]:
    """Column spans: the cells of all rows clustered by position (overlapping spans are one column)."""
    cells = sorted((c for r in data for c in r.cells), key=lambda c: (c.start, c.end))
    clusters: list[list[int]] = []  # [start, end, support]
    for cell in cells:
        if clusters and cell.start <= clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], cell.end)
            clusters[-1][2] += 1
        else:
            clusters.append([cell.start, cell.end, 1])
    if len(clusters) > 1:
        # A cluster far weaker than the others, left of them, is numbers inside labels.
        need = max(1, math.ceil(len(data) * 0.2)) if len(data) >= 4 else 1
        strong = [c for c in clusters if c[2] >= need]
        if strong:
            first_strong = strong[0][0]
            clusters = [c for c in clusters if c[2] >= need or c[0] > first_strong]
    if hints and len(clusters) > len(hints):
        clusters = clusters[-len(hints):]
    return [(c[0], c[1]) for c in clusters]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _column_of(chunk: Chunk, spans: Sequence[tuple[int, int]]) -> int | None:
    """The column a cell is printed in: the one it overlaps most, or the nearest within half a gap."""
    best, best_overlap = None, 0
    for index, span in enumerate(spans):
        overlap = _overlap((chunk.start, chunk.end), span)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    if best is not None:
        return best
    distances = [min(abs(chunk.start - span[1]), abs(span[0] - chunk.end)) for span in spans]
    nearest = min(range(len(spans)), key=lambda i: distances[i])
    return nearest if distances[nearest] <= 3 else None


def _headings(spans: Sequence[tuple[int, int]], head_texts: Sequence[tuple[int, list[Chunk]]],
              read: Sequence[_Read]) -> tuple[ColumnLayout, ...]:
    """Assign each heading run to its column, or to several when it is printed across them."""
    own: list[list[str]] = [[] for _ in spans]
    spanning: list[list[str]] = [[] for _ in spans]
    centers = [(s + e - 1) / 2 for s, e in spans]
    for index, parts in head_texts:
        for part in parts:
            covered = [i for i, span in enumerate(spans) if _overlap((part.start, part.end), span) > 0]
            inside = [i for i, span in enumerate(spans) if span[0] - 1 <= part.center <= span[1]]
            if len(covered) >= 2 or (not inside and len(parts) == 1 and len(spans) > 1):
                targets = covered if len(covered) >= 2 else _spanned(part, spans, centers, read, index)
                for i in targets:
                    spanning[i].append(part.text)
                continue
            if inside:
                target = inside[0]
            elif covered:
                target = covered[0]
            else:
                target = min(range(len(spans)), key=lambda i: abs(centers[i] - part.center))
            own[target].append(part.text)
    return tuple(ColumnLayout(s, e, tuple(own[i]), tuple(spanning[i])) for i, (s, e) in enumerate(spans))


def _spanned(part: Chunk, spans: Sequence[tuple[int, int]], centers: Sequence[float],
             read: Sequence[_Read], index: int) -> list[int]:
    """Columns a centred heading stands over: those under the rule drawn below it, else all."""
    for below in read[index + 1:index + 4]:
        if below.rule is None:
            continue
        for start, end in below.rule.segments:
            if start <= part.center <= end:
                return [i for i, c in enumerate(centers) if start - 1 <= c <= end]
    return list(range(len(spans)))


def _continues(previous: str, label: str) -> bool:
    """Whether ``label`` continues the label printed on the line before (a wrapped label)."""
    if not label:
        return True
    text = previous.rstrip()
    if text.endswith(":"):
        return False
    if text.count("(") > text.count(")"):
        return True
    if text.lower().endswith(_CONNECTORS):
        return True
    return label[0].islower()


def _rows(body: Sequence[_Read], spans: Sequence[tuple[int, int]], label_end: int,
          head: Sequence[_Read]) -> tuple[list[PrintedRow], list[str], list[Issue]]:
    rows: list[PrintedRow] = []
    footnotes: list[str] = []
    issues: list[Issue] = []
    pending: list[tuple[int, int, str]] = []  # (line, indent, text) of label lines not yet placed
    rule: str | None = None
    head_texts = {" ".join(r.line.text.split()) for r in head if r.header}

    def flush() -> None:
        nonlocal rule
        if pending:
            # A rule above a heading underlines what came before; it does not mark a total below.
            rule = None
        for number, indent, text in pending:
            rows.append(PrintedRow((number,), indent, text, (None,) * len(spans)))
        pending.clear()

    after_header = False  # rules right after repeated column headings underline them
    for r in body:
        if r.blank:
            flush()
            continue
        if r.rule is not None:
            flush()
            if after_header:
                continue
            # Rules before the first row underline the column headings; only later ones mark totals.
            # A rule under the amounts (it may reach a little into the label area); one from the
            # left margin is a grid line of the table.
            if r.rule.start >= 0.6 * label_end and any(not row.is_heading for row in rows):
                rule = "double" if r.rule.double else "single"
            continue
        text = " ".join(r.line.text.split())
        if r.header:
            flush()
            after_header, rule = True, None
            if text not in head_texts:
                issues.append(Issue(r.line.number, f"column headings inside the table body were not read: {text!r}"))
            continue
        after_header = False
        label = join_words([c.text for c in r.label])
        indent = r.label[0].start if r.label else -1
        if not r.cells:
            if _CONTINUED.search(text):
                continue  # a title repeated on the next page: "Balance Sheets (continued)"
            if _FOOTNOTE.match(r.line.text) and (rows or pending):
                flush()
                footnotes.append(text)
                continue
            if pending and _continues(pending[-1][2], label):
                number, first_indent, previous = pending.pop()
                pending.append((number, first_indent, f"{previous} {label}"))
                continue
            flush()
            pending.append((r.line.number, indent, label))
            continue
        lines = (r.line.number,)
        if pending and _continues(pending[-1][2], label):
            number, first_indent, previous = pending.pop()
            label, indent, lines = join_words([previous, label]), first_indent, (number, r.line.number)
        flush()
        cells: list[str | None] = [None] * len(spans)
        for cell in r.cells:
            column = _column_of(cell, spans)
            if column is None:
                issues.append(Issue(r.line.number, f"{cell.text!r} is not printed under any column"))
                continue
            if cells[column] is not None:
                issues.append(Issue(r.line.number, f"{cell.text!r} is printed under the same column as "
                                                   f"{cells[column]!r}; only the first was read"))
                continue
            cells[column] = normal_cell(cell.text)
        rows.append(PrintedRow(lines, indent, label, tuple(cells), rule))
        rule = None
    flush()
    return rows, footnotes, issues


def _title_groups(block: Sequence[Line], caption: Sequence[tuple[int, str]]) -> tuple[
        tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Title lines grouped as printed (a blank line separates groups), unit notes taken out."""
    groups: list[list[str]] = [[]]
    units: list[str] = []
    entries = [" ".join(line.text.split()) for line in block] + [""] + [text for _, text in caption]
    for text in entries:
        if not text:
            if groups[-1]:
                groups.append([])
            continue
        note = unit_note(text)
        if note is not None:
            units.append(note)
            rest = " ".join(text.replace(note, " ").split())
            if not rest:
                continue
            text = rest
        groups[-1].append(text)
    return tuple(tuple(g) for g in groups if g), tuple(units)
