"""Facts as Arelle reads them: the reference reader for comparing what our emitters wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from exporter import arelle


@dataclass(frozen=True, order=True)
class ReadFact:
    """One fact as Arelle loaded it, in plain values (inclusive dates, like the source)."""

    concept: str
    start: str  # "" for an instant
    end: str
    dimensions: str  # "axis=member;axis=member", sorted
    unit: str  # "USD", "shares", "USD/shares", "pure" or ""
    value: str
    decimals: str
    id: str = ""

    def line(self) -> str:
        period = f"{self.start}..{self.end}" if self.start else self.end
        dims = f" [{self.dimensions}]" if self.dimensions else ""
        unit = f" {self.unit}" if self.unit else ""
        decimals = f" decimals={self.decimals}" if self.decimals else ""
        return f"{self.concept} {period}{dims} = {self.value}{unit}{decimals}"


def read_facts(path: str, packages: Sequence[str]) -> list[ReadFact]:
    """Load ``path`` in Arelle (no validation) and return its facts."""
    facts, messages = arelle.run(path, packages, _extract)
    assert facts is not None, [f"[{m.code}] {m.text}" for m in messages if m.is_error]
    return facts


def _day(moment: dt.datetime) -> str:
    # Arelle keeps end dates as the start of the following day, as XBRL defines them.
    return (moment - dt.timedelta(days=1)).date().isoformat() if moment.time() == dt.time() else moment.isoformat()


def _unit(unit: Any) -> str:
    if unit is None:
        return ""
    numerators, denominators = unit.measures

    def names(measures: Any) -> str:
        return "*".join(m.localName for m in measures)

    text = names(numerators)
    return f"{text}/{names(denominators)}" if denominators else text


def _extract(model: Any) -> list[ReadFact]:
    result = []
    for fact in model.facts:
        context = fact.context
        if context.isInstantPeriod:
            start, end = "", _day(context.instantDatetime)
        else:
            start, end = context.startDatetime.date().isoformat(), _day(context.endDatetime)
        dims = ";".join(sorted(f"{dim.dimensionQname}={dim.memberQname}" for dim in context.qnameDims.values()))
        unit = "" if fact.unit is None else _unit(fact.unit)
        if fact.isNumeric:
            value = format(fact.xValue.normalize(), "f") if fact.xValue is not None else ""
            if "." in value:
                value = value.rstrip("0").rstrip(".")
            value = value if value not in ("-0", "") else "0"
        else:
            value = str(fact.value)
        decimals = "" if fact.decimals in (None, "") else str(fact.decimals)
        result.append(ReadFact(str(fact.qname), start, end, dims, unit, value, decimals, fact.id or ""))
    return sorted(result)
