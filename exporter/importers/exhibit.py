"""The structure of a text exhibit: pages, running headers, section headings and table regions.

A *region* is the run of lines that holds one table: a ``<TABLE>`` ... ``</TABLE>`` block, or a
block of column-aligned lines without tags (many exhibits print reconciliations that way). Page
marks and the running header repeated at the top of each page are taken out first, so a table that
continues over a page break is not cut by them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.importers.layout import (
    Line,
    column_starts,
    indent_of,
    is_header_line,
    is_tag_only,
    read_lines,
    rule_of,
    split_line,
    strip_tags,
    tag_names,
)

# Short lines that end a sentence are narrative; these abbreviations end names, not sentences.
_NAME_ENDINGS = ("inc.", "corp.", "co.", "ltd.", "l.p.", "llc.", "n.v.", "s.a.", "plc.")
_BULLET = re.compile(r"^\s*(o|\*|-|\u2022|\d+\.|\([a-z0-9]\))\s+\S")
_PAGE_NUMBER = re.compile(r"^\s*(-\s*)?(page\s+)?\d{1,3}(\s*-)?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading of the narrative: a short line standing alone (level 1) or underlined (level 2)."""

    line: int
    text: str
    level: int


@dataclass(frozen=True, slots=True)
class Region:
    """The lines of one table, tags blanked out, page marks and running headers left out."""

    lines: tuple[Line, ...]
    tagged: bool
    first: int  # number of the first line (the <TABLE> line of a tagged table)
    last: int
    column_hints: tuple[int, ...] = ()  # positions of the <C> marks
    title_block: tuple[Line, ...] = ()  # short lines just above the table: company, title, units
    section: Heading | None = None  # the level-1 heading the table stands under
    subsection: Heading | None = None  # the level-2 heading after it, if any
    unclosed: bool = False  # a <TABLE> without </TABLE>
    page_break_before: bool = False  # only a page break (and blank lines) separates it from the region before
    previous_table: int = 0  # the last line of the table before it (0: none)


@dataclass(frozen=True, slots=True)
class Exhibit:
    """A text exhibit read into lines, with what is not content marked and its tables found."""

    lines: tuple[Line, ...]
    skipped: frozenset[int]  # page marks, running headers and page numbers
    page_marks: tuple[int, ...]
    headings: tuple[Heading, ...]
    regions: tuple[Region, ...]
    stray: tuple[Line, ...]  # lines that look like table rows but belong to no table

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


def read_exhibit(text: str) -> Exhibit:
    """Find the pages, headings and table regions of a text exhibit."""
    lines = read_lines(text)
    page_marks = tuple(line.number for line in lines if "<PAGE>" in tag_names(line.text))
    skipped = set(page_marks) | _running_headers(lines, page_marks) | _page_numbers(lines, page_marks)
    tagged, in_tagged = _tagged_regions(lines, frozenset(skipped))
    free = [line for line in lines if line.number not in in_tagged and line.number not in skipped]
    untagged, stray = _untagged_regions(free, frozenset(skipped))
    regions = sorted(tagged + untagged, key=lambda r: r.first)
    occupied = set(in_tagged) | {n for r in untagged for n in range(r.first, r.last + 1)}
    headings = _headings(lines, frozenset(skipped), frozenset(occupied))
    skipped_set = frozenset(skipped)
    placed = []
    previous_last = 0
    for region in regions:
        title = _title_block(lines, region.first, skipped_set, frozenset(occupied))
        section, subsection = _section_of(headings, region.first)
        between = [line for line in lines[previous_last:region.first - 1]
                   if not line.blank and line.number not in skipped_set and line not in title]
        breaks = any(previous_last < mark < region.first for mark in page_marks)
        placed.append(Region(region.lines, region.tagged, region.first, region.last, region.column_hints,
                             title, section, subsection, region.unclosed,
                             page_break_before=breaks and not between and previous_last > 0,
                             previous_table=previous_last))
        previous_last = region.last
    return Exhibit(lines, skipped_set, page_marks, headings, tuple(placed), tuple(stray))


def _normal(text: str) -> str:
    """A line for comparing running headers: spacing, case and page numbers do not count."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _running_headers(lines: Sequence[Line], page_marks: Sequence[int]) -> set[int]:
    """Lines of the header repeated at the top of every page (and the rule under it)."""
    blocks: list[list[Line]] = []
    for mark in page_marks:
        block: list[Line] = []
        for line in lines[mark:]:
            if line.blank or is_tag_only(line.text):
                if block:
                    break
                continue
            block.append(line)
            if len(block) == 3:
                break
        blocks.append(block)
    texts = [_normal(line.text) for block in blocks for line in block if rule_of(line.text) is None]
    first_text = next((_normal(line.text) for line in lines if not line.blank and line.number not in page_marks
                       and not line.text.strip().lower().startswith("exhibit")), "")
    result: set[int] = set()
    for block in blocks:
        if not block:
            continue
        head = _normal(block[0].text)
        if rule_of(block[0].text) is not None or (texts.count(head) < 2 and head != first_text):
            continue
        # The header itself and rules directly under it; a table's own lines never follow without a blank.
        result.add(block[0].number)
        for line in block[1:]:
            if rule_of(line.text) is None:
                break
            result.add(line.number)
    return result


def _page_numbers(lines: Sequence[Line], page_marks: Sequence[int]) -> set[int]:
    """A lone page number printed just before a page mark."""
    result = set()
    for mark in page_marks:
        index = mark - 2
        while index >= 0 and lines[index].blank:
            index -= 1
        if index >= 0 and _PAGE_NUMBER.match(lines[index].text) and indent_of(lines[index].text) > 10:
            result.add(lines[index].number)
    return result


def _tagged_regions(lines: Sequence[Line], skipped: frozenset[int]) -> tuple[list[Region], set[int]]:
    regions: list[Region] = []
    occupied: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        if "<TABLE>" not in tag_names(line.text):
            index += 1
            continue
        start = index
        content: list[Line] = []
        hints: tuple[int, ...] = ()
        unclosed = True
        index += 1
        while index < len(lines):
            current = lines[index]
            tags = tag_names(current.text)
            if "</TABLE>" in tags:
                unclosed = False
                break
            if "<TABLE>" in tags:  # a new table opens before this one closed
                index -= 1
                break
            if "<C>" in tags and not hints:
                hints = column_starts(current.text)
            if current.number not in skipped and not is_tag_only(current.text):
                content.append(Line(current.number, strip_tags(current.text)))
            index += 1
        end = min(index, len(lines) - 1)
        occupied.update(range(lines[start].number, lines[end].number + 1))
        regions.append(Region(tuple(content), True, lines[start].number, lines[end].number, hints,
                              unclosed=unclosed))
        index += 1
    return regions, occupied


def is_data_line(text: str) -> bool:
    """A line that prints amounts in columns to the right of a label: a table row."""
    label, cells = split_line(text)
    if not cells or is_header_line(text):
        return False
    if not any(ch.isdigit() for c in cells for ch in c.text) and not any(c.text.strip("-") == "" for c in cells):
        return False
    label_text = " ".join(c.text for c in label)
    # Amounts of a table stand well to the right; a sentence is long and ends in a number rarely.
    return cells[0].start >= 20 and len(label_text) <= 90 and not _BULLET.match(text)


def is_narrative(text: str) -> bool:
    """A line of running prose (or a bullet), as opposed to a title, heading or label."""
    stripped = text.strip()
    if _BULLET.match(text):
        return True
    if stripped.endswith(".") and not stripped.lower().endswith(_NAME_ENDINGS):
        return True
    return len(stripped) > 90 or (len(stripped.split()) > 12 and indent_of(text) < 2 and len(stripped) > 70)


def _untagged_regions(free: Sequence[Line], skipped: frozenset[int]) -> tuple[list[Region], list[Line]]:
    """Blocks of column-aligned data lines outside ``<TABLE>`` tags, with their headings above."""
    regions: list[Region] = []
    stray: list[Line] = []
    groups: list[list[Line]] = []
    current: list[Line] = []
    blanks = 0
    previous_number = 0
    for line in free:
        jumped = line.number != previous_number + 1 and previous_number != 0
        previous_number = line.number
        if jumped and current:
            # Something not free (a tagged table or a page mark) lies between: the group ends.
            groups.append(current)
            current, blanks = [], 0
        if line.blank:
            blanks += 1
            if blanks >= 2 and current:
                groups.append(current)
                current = []
            continue
        text = line.text
        if is_data_line(text):
            current.append(line)
            blanks = 0
            continue
        if current and (is_header_line(text) or is_narrative(text)):
            groups.append(current)
            current = []
        elif current:
            current.append(line)  # rules, headings and wrapped labels between rows
        blanks = 0
    if current:
        groups.append(current)
    by_number = {line.number: index for index, line in enumerate(free)}
    for group in groups:
        data = [line for line in group if is_data_line(line.text)]
        if not data:
            continue
        # Trailing headings or text after the last row belong to what follows, not to the table.
        last_data = max(by_number[line.number] for line in data)
        end = last_data
        while end + 1 < len(free) and free[end + 1].number == free[end].number + 1 \
                and rule_of(free[end + 1].text) is not None:
            end += 1
        start = by_number[data[0].number]
        headers = 0
        while start > 0 and free[start - 1].number == free[start].number - 1:
            above = free[start - 1].text
            if not above.strip() or is_narrative(above):
                break
            headers += is_header_line(above)
            start -= 1
        region_lines = tuple(free[start:end + 1])
        if len(data) >= 2 or headers:
            regions.append(Region(region_lines, False, region_lines[0].number, region_lines[-1].number))
        else:
            stray.extend(data)
    return regions, stray


def _headings(lines: Sequence[Line], skipped: frozenset[int], occupied: frozenset[int]) -> tuple[Heading, ...]:
    result = []

    def usable(index: int) -> bool:
        return 0 <= index < len(lines) and lines[index].number not in skipped and lines[index].number not in occupied

    for index, line in enumerate(lines):
        if not usable(index) or line.blank or rule_of(line.text) is not None or is_tag_only(line.text):
            continue
        text = " ".join(line.text.split())
        if len(text) > 80 or is_narrative(line.text) or sum(ch.isalpha() for ch in text) < 2:
            continue
        below = lines[index + 1].text if index + 1 < len(lines) else ""
        rule = rule_of(below)
        if rule is not None and not rule.double and len(rule.segments) == 1 \
                and abs(rule.start - indent_of(line.text)) <= 2 and rule.end - rule.start <= len(text) + 6:
            result.append(Heading(line.number, text, 2))
            continue
        above_blank = index == 0 or lines[index - 1].blank or rule_of(lines[index - 1].text) is not None \
            or lines[index - 1].number in skipped
        below_blank = index + 1 >= len(lines) or lines[index + 1].blank
        if above_blank and below_blank:
            result.append(Heading(line.number, text, 1))
    return tuple(result)


def _section_of(headings: Sequence[Heading], first: int) -> tuple[Heading | None, Heading | None]:
    section: Heading | None = None
    subsection: Heading | None = None
    for heading in headings:
        if heading.line >= first:
            break
        if heading.level == 1:
            section, subsection = heading, None
        else:
            subsection = heading
    return section, subsection


def _title_block(lines: Sequence[Line], first: int, skipped: frozenset[int],
                 occupied: frozenset[int]) -> tuple[Line, ...]:
    """Short lines just above a table (company name, title, unit note), in printed order."""
    found: list[Line] = []
    group: list[Line] = []
    blanks = 0
    index = first - 2
    while index >= 0:
        line = lines[index]
        if line.number in skipped or line.number in occupied or is_tag_only(line.text) \
                or rule_of(line.text) is not None:
            break
        if line.blank:
            blanks += 1
            if group:
                # Blank lines separate groups (company name / title and unit note); keep one between.
                found[0:0] = [*group, Line(group[-1].number + 1, "")] if found else group
                group = []
            if blanks >= 3:
                break
            index -= 1
            continue
        if is_narrative(line.text) or is_data_line(line.text) or len(group) >= 3:
            group = []
            break
        blanks = 0
        group.insert(0, line)
        index -= 1
    if group:
        found[0:0] = [*group, Line(group[-1].number + 1, "")] if found else group
    return tuple(found)
