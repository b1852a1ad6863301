"""Readable, deterministic ids for the contexts and units of an XBRL document.

The XBRL 2.1 instance names contexts and units by id; the same report must always give the same
ids, so they are derived from the values themselves (period, members, measures) in order of first
use. The scheme matches the one of the Inline XBRL emitter, so a context is called the same in the
``.htm`` and the ``.xbrl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from exporter.facts.model import Context, Unit

K = TypeVar("K")


def distinct_ids(values: Iterable[K], name: Callable[[K], str]) -> dict[K, str]:
    """Distinct values (equal by value) in order of first use, each with a unique id from ``name``;
    a name that two values share gets a numbered suffix (``-2``, ``-3``...)."""
    result: dict[K, str] = {}
    taken: set[str] = set()
    for value in values:
        if value in result:
            continue
        base = candidate = name(value)
        counter = 1
        while candidate in taken:
            counter += 1
            candidate = f"{base}-{counter}"
        taken.add(candidate)
        result[value] = candidate
    return result


def context_id(context: Context) -> str:
    """``c-i20031031`` for an instant, ``c-d20030801-20031031`` for a duration, then the members'
    local names."""
    period = context.period
    text = (f"c-i{period.end:%Y%m%d}" if period.start is None
            else f"c-d{period.start:%Y%m%d}-{period.end:%Y%m%d}")
    return "-".join([text, *(member.local for _, member in context.dimensions)])


def unit_id(unit: Unit) -> str:
    """``u-USD``, ``u-USD-per-shares``."""
    text = "u-" + "-".join(m.local for m in unit.numerators)
    if unit.denominators:
        text += "-per-" + "-".join(m.local for m in unit.denominators)
    return text
