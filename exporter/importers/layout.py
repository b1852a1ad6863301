"""The printed layout of a plain-text exhibit: lines, SGML-era tags, rules, chunks and cells.

EDGAR text exhibits of the 1990s and 2000s are fixed-width: a table's columns are only positions on
the line. Everything here works on positions (0-based character offsets after tab expansion) and
keeps each line's number in the exhibit (1-based), so anything that cannot be read can be reported
by line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.source.cells import CellError, parse_cell

# Tags of the EDGAR text format that carry layout, not content.
_TAG = re.compile(r"</?(TABLE|CAPTION|S|C|FN|PAGE)>", re.IGNORECASE)
_TAG_ONLY = re.compile(r"^\s*(</?(TABLE|CAPTION|S|C|FN|PAGE)>\s*)+$", re.IGNORECASE)
_RULE_CHARS = set("-=_")
# A lone currency sign or opening parenthesis printed apart from its digits: "$      3,103", "($  818)".
_CELL_PREFIX = re.compile(r"^\(?\s*\$?\s*\(?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_PERIOD_WORDS = re.compile(
    r"\b(months?|weeks?|quarters?|years?|ended|ending|fiscal|period|ytd|as\s+of|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its 1-based number in the exhibit and its text (tabs expanded)."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of text on a line, separated from its neighbours by two or more spaces."""

    start: int
    end: int  # exclusive
    text: str

    @property
    def center(self) -> float:
        # Half positions are needed to compare centres of odd and even widths; not an amount.
        return (self.start + self.end - 1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A line of dashes, equals signs or underscores: its kind and the segments it draws."""

    double: bool
    segments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def read_lines(text: str) -> tuple[Line, ...]:
    """Split an exhibit into numbered lines with tabs expanded and line ends dropped."""
    return tuple(Line(index + 1, raw.expandtabs(8).rstrip()) for index, raw in enumerate(text.splitlines()))


def is_tag_only(text: str) -> bool:
    """Whether a line holds nothing but layout tags (``<S>  <C>  <C>``, ``<PAGE>``, ``<TABLE>``...)."""
    return bool(_TAG_ONLY.match(text))


def tag_names(text: str) -> tuple[str, ...]:
    """The layout tags on a line, upper-cased with their slash: ``("<TABLE>",)``."""
    return tuple(m.group(0).upper() for m in _TAG.finditer(text))


def column_starts(text: str) -> tuple[int, ...]:
    """Positions of the ``<C>`` marks of an ``<S> <C> <C>`` line: where the value columns begin."""
    return tuple(m.start() for m in re.finditer(r"<C>", text, re.IGNORECASE))


def strip_tags(text: str) -> str:
    """The line with layout tags blanked out, so positions of the remaining text do not move."""
    return _TAG.sub(lambda m: " " * len(m.group(0)), text).rstrip()


def rule_of(text: str) -> Rule | None:
    """The rule drawn by a line made only of ``-``, ``=`` or ``_`` (and spaces), else ``None``."""
    stripped = text.strip()
    if len(stripped) < 3 or not set(stripped) <= _RULE_CHARS | {" "}:
        return None
    if sum(ch in _RULE_CHARS for ch in stripped) < 3:
        return None
    segments = tuple((m.start(), m.end()) for m in re.finditer(r"[-=_]+", text))
    return Rule(double=text.count("=") > text.count("-") + text.count("_"), segments=segments)


def chunks(text: str) -> tuple[Chunk, ...]:
    """The runs of text of a line split at two or more spaces, with their positions."""
    return tuple(Chunk(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", text))


def is_cell(text: str) -> bool:
    """Whether a chunk is a printed cell: a number, a dash, a percentage or a footnote mark."""
    stripped = text.strip()
    if not stripped:
        return False
    if set(stripped) <= {"*"}:
        return True
    try:
        return parse_cell(stripped) is not None
    except CellError:
        return False


def _merge_prefixes(parts: Sequence[Chunk]) -> list[Chunk]:
    """Join a lone ``$``/``($``/``(`` with the digits printed after it: one cell, one chunk."""
    merged: list[Chunk] = []
    pending: Chunk | None = None
    for part in parts:
        if pending is not None:
            part = Chunk(pending.start, part.end, f"{pending.text} {part.text}")
            pending = None
        if _CELL_PREFIX.match(part.text) and "$" in part.text or part.text in ("(", "($"):
            pending = part
            continue
        merged.append(part)
    if pending is not None:
        merged.append(pending)
    return merged


def _split_cells(part: Chunk) -> list[Chunk] | None:
    """A chunk of several cells printed one space apart (``1,931 1,733``), or ``None``."""
    words = [Chunk(m.start() + part.start, m.end() + part.start, m.group(0)) for m in re.finditer(r"\S+", part.text)]
    cells = _merge_prefixes(words)
    if len(cells) > 1 and all(is_cell(c.text) and any(ch.isdigit() for ch in c.text) for c in cells):
        return cells
    return None


def split_line(text: str) -> tuple[tuple[Chunk, ...], tuple[Chunk, ...]]:
    """Split a line into its label chunks and the cells printed at its end.

    Cells are the trailing chunks that read as printed numbers (``$ 3,103``, ``(806)``, ``--``,
    ``61.5%``, ``*``); everything before the first of them is label. A number inside the label
    ("of $236 and $220") stays label because text follows it.
    """
    parts = _merge_prefixes(chunks(text))
    cells: list[Chunk] = []
    index = len(parts)
    while index > 0:
        part = parts[index - 1]
        if is_cell(part.text):
            cells.insert(0, part)
        else:
            several = _split_cells(part)
            if several is None:
                break
            cells[0:0] = several
        index -= 1
    return tuple(parts[:index]), tuple(cells)


def normal_cell(text: str) -> str:
    """A cell as it goes into the CSV: padding inside it collapsed (``$      3,103`` → ``$ 3,103``)."""
    return " ".join(text.split())


def is_year(text: str) -> bool:
    return bool(_YEAR.match(text.strip()))


def has_period_words(text: str) -> bool:
    return bool(_PERIOD_WORDS.search(text))


def is_header_chunk(chunk: Chunk) -> bool:
    """A short run of text that names a period: ``Three Months Ended``, ``October 31,``, ``2003``,
    ``Fiscal 2004``. Long runs are sentences, not column headings."""
    text = chunk.text
    if is_year(text):
        return True
    return has_period_words(text) and len(text.split()) <= 5 and len(text) <= 40


def is_header_line(text: str) -> bool:
    """Whether a line is (part of) a table's column headings: it names periods in its value area
    and prints no amounts other than years."""
    label, cells = split_line(text)
    if any(not is_year(c.text) for c in cells):
        return False
    parts = [*label, *cells]
    if not parts:
        return False
    # The first run at the left margin is the table's stub ("Consolidated", "(000's)"): headings
    # of columns stand to its right.
    candidates = parts[1:] if parts[0].start < 20 else parts
    return any(is_header_chunk(c) for c in candidates)


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def join_words(parts: Sequence[str]) -> str:
    """Runs of a label joined with single spaces: ``ICC.NET  Revenue`` → ``ICC.NET Revenue``."""
    return " ".join(" ".join(p.split()) for p in parts if p.strip())
