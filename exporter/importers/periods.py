"""Periods from printed column headings: "Three Months Ended / October 31, / 2003", "July 31, 2003",
"First Quarter / Fiscal 2004"; and the fiscal year end, from the narrative or given."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.source.reader import fiscal_period

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
         r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_DATE = re.compile(_MONTH + r"\s+(\d{1,2})\s*,?\s*((?:19|20)\d\d)?", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NUMBERS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13, "twenty-six": 26, "twenty six": 26,
            "thirty-nine": 39, "thirty nine": 39, "fifty-two": 52, "fifty two": 52, "fifty-three": 53}
_LENGTH = re.compile(r"\b(\d{1,2}|three|six|nine|twelve|thirteen|twenty[- ]six|thirty[- ]nine|fifty[- ]two|"
                     r"fifty-three)[\s-]+(months?|weeks?)\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter\b|\bQ([1-4])\b",
                      re.IGNORECASE)
_HALF = re.compile(r"\b(first|second)\s+half\b|\bH([12])\b", re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s*'?((?:19|20)?\d\d)\b", re.IGNORECASE)
_YEAR_ENDED = re.compile(r"\b(?:fiscal\s+)?years?\s+end(?:ed|ing)\b", re.IGNORECASE)
_QUARTER_ENDED = re.compile(r"\bquarters?\s+end(?:ed|ing)\b", re.IGNORECASE)
_FYE_PATTERNS = (
    # "fiscal first quarter ended October 31, 2003", "first quarter of fiscal 2004 ended October 31, 2003"
    re.compile(r"\b(?:fiscal\s+)?(first|second|third|fourth)\s+(?:fiscal\s+)?quarter"
               r"(?:\s+of\s+(?:fiscal\s+)?(?:year\s+)?\d{4})?\s*,?\s+end(?:ed|ing)\s+" + _MONTH + r"\s+(\d{1,2})",
               re.IGNORECASE),
)
_FISCAL_YEAR_END = re.compile(r"\bfiscal\s+years?\s+(?:ended|ending|ends|end)\s+(?:on\s+)?" + _MONTH
                              + r"\s+(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A column's period: an instant (``start`` None) or a duration; ``fiscal`` names it when it is a
    fiscal quarter, half or year (``FY2004 Q1``)."""

    end: dt.date
    start: dt.date | None = None
    fiscal: str | None = None

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def id(self) -> str:
        """The period's id in report.yaml: ``FY2004Q1``, ``AsOf20031031``, ``D20030801to20031031``."""
        if self.fiscal:
            return self.fiscal.replace(" ", "")
        if self.start is None:
            return f"AsOf{self.end:%Y%m%d}"
        return f"D{self.start:%Y%m%d}to{self.end:%Y%m%d}"

    def spec(self) -> dict[str, str]:
        """The period as report.yaml writes it."""
        if self.fiscal:
            return {"fiscal": self.fiscal}
        if self.start is None:
            return {"instant": self.end.isoformat()}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True, slots=True)
class Resolved:
    """A heading read into a period, or why it could not be."""

    period: PeriodSpec | None
    problem: str | None = None


def parse_fiscal_year_end(text: str) -> str | None:
    """A fiscal year end given by a user: ``--07-31``, ``07-31``, ``July 31``; ``None`` if unreadable."""
    text = text.strip()
    match = re.fullmatch(r"(?:--)?(\d{1,2})-(\d{1,2})", text)
    if match:
        month, day = int(match[1]), int(match[2])
    else:
        match = re.fullmatch(_MONTH + r"\s+(\d{1,2})", text, re.IGNORECASE)
        if not match:
            return None
        month, day = _MONTHS[match[1].lower().rstrip(".")], int(match[2])
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2001, month)[1]:
        return None
    return f"--{month:02d}-{day:02d}"


def find_fiscal_year_end(text: str) -> tuple[str, str] | None:
    """The fiscal year end stated in the narrative, and the words that state it.

    "fiscal first quarter ended October 31, 2003" → ``--07-31``: the year ends three quarters after.
    """
    match = _FISCAL_YEAR_END.search(text)
    if match:
        month, day = _MONTHS[match[1].lower().rstrip(".")], int(match[2])
        return f"--{month:02d}-{day:02d}", " ".join(match.group(0).split())
    for pattern in _FYE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        quarter = _ORDINALS[match[1].lower()]
        month, day = _MONTHS[match[2].lower().rstrip(".")], int(match[3])
        month_end = day >= calendar.monthrange(2001, month)[1] or (month == 2 and day >= 28)
        end_month = (month - 1 + 3 * (4 - quarter)) % 12 + 1
        end_day = calendar.monthrange(2001, end_month)[1] if month_end else min(day, 28)
        return f"--{end_month:02d}-{end_day:02d}", " ".join(match.group(0).split())
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def duration_ending(end: dt.date, months: int = 0, weeks: int = 0) -> dt.date:
    """The first day of a period of ``months`` (or ``weeks``) ending on ``end`` (inclusive)."""
    if weeks:
        return end - dt.timedelta(days=7 * weeks - 1)
    if end.day == calendar.monthrange(end.year, end.month)[1]:
        return _add_months(end.replace(day=1), 1 - months)
    return _add_months(end, -months) + dt.timedelta(days=1)


def _fiscal_name(start: dt.date, end: dt.date, fiscal_year_end: str | None) -> str | None:
    """``FY2004 Q1`` when the dates are exactly a fiscal quarter, half or year."""
    if fiscal_year_end is None:
        return None
    for year in (end.year, end.year + 1):
        for part in ("", " Q1", " Q2", " Q3", " Q4", " H1", " H2"):
            name = f"FY{year}{part}"
            if fiscal_period(name, fiscal_year_end) == (start, end):
                return name
    return None


def resolve_heading(texts: Sequence[str], fiscal_year_end: str | None, instant_table: bool = False) -> Resolved:
    """The period a column's headings name, read top to bottom (spanning headings first).

    ``instant_table`` says the table is a balance sheet, where a bare date is a balance-sheet date.
    """
    text = " ".join(" ".join(texts).split())
    if not text:
        return Resolved(None, "the column has no heading")
    date = _date(text)
    length = _LENGTH.search(text)
    quarter = _QUARTER.search(text)
    half = _HALF.search(text)
    fiscal_year = _FISCAL_YEAR.search(text)
    if date is not None and (length or _YEAR_ENDED.search(text) or _QUARTER_ENDED.search(text)):
        if length:
            count = int(length[1]) if length[1].isdigit() else _NUMBERS[length[1].lower().replace(" ", "-")]
            weeks = count if length[2].lower().startswith("week") else 0
            start = duration_ending(date, months=0 if weeks else count, weeks=weeks)
        else:
            start = duration_ending(date, months=12 if _YEAR_ENDED.search(text) else 3)
        return Resolved(PeriodSpec(date, start, _fiscal_name(start, date, fiscal_year_end)))
    if (quarter or half or fiscal_year) and date is None:
        year_text = fiscal_year[1] if fiscal_year else (_YEAR.search(text)[1] if _YEAR.search(text) else None)
        if year_text is None:
            return Resolved(None, f"no year in the heading {text!r}")
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        if fiscal_year_end is None:
            return Resolved(None, f"{text!r} is a fiscal period, but the fiscal year end is not known "
                                  "(give --fiscal-year-end)")
        if quarter:
            part = f" Q{quarter[2] or _ORDINALS[quarter[1].lower()]}"
        elif half:
            part = f" H{half[2] or (1 if half[1].lower() == 'first' else 2)}"
        else:
            part = ""
        name = f"FY{year}{part}"
        start, end = fiscal_period(name, fiscal_year_end)
        return Resolved(PeriodSpec(end, start, name))
    if date is not None:
        if length is None and not instant_table and re.search(r"\b(ended|ending)\b", text, re.IGNORECASE):
            return Resolved(None, f"{text!r} names an end date but not how long the period is")
        return Resolved(PeriodSpec(date))
    return Resolved(None, f"no period could be read from the heading {text!r}")


def _date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    month, day = _MONTHS[match[1].lower().rstrip(".")], int(match[2])
    year_text = match[3]
    if year_text is None:
        after = _YEAR.search(text, match.end())
        before = _YEAR.findall(text[:match.start()])
        year_text = after[1] if after else (before[-1] if before else None)
    if year_text is None:
        return None
    try:
        return dt.date(int(year_text), month, day)
    except ValueError:
        return None
