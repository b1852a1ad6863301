"""The fact model: one immutable description of the report that every emitter writes from.

Names follow the XBRL specifications (concept, context, period, unit, decimals, scale, axis,
member) so that a reader who knows XBRL knows the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from exporter.errors import Location

# Kinds of item types the pipeline treats differently (units, scaling, formatting).
ItemKind = Literal["monetary", "shares", "perShare", "percent", "pure", "decimal", "integer",
                   "string", "date", "boolean", "domain", "other"]
NUMERIC_KINDS = frozenset({"monetary", "shares", "perShare", "percent", "pure", "decimal", "integer"})


@dataclass(frozen=True, slots=True, order=True)
class QName:
    """A qualified name; ``str()`` gives ``prefix:local``."""

    prefix: str
    local: str
    namespace: str = field(compare=False)

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}"


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept's definition, as the taxonomy (or the extension schema) declares it."""

    qname: QName
    kind: ItemKind
    data_type: str
    period_type: Literal["duration", "instant"]
    balance: Literal["debit", "credit"] | None = None
    abstract: bool = False
    substitution_group: str = "xbrli:item"

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A period as XBRL has it: an instant, or a duration from ``start`` to ``end``.

    Dates are the days as printed (inclusive); ``start`` is None for an instant.
    """

    end: dt.date
    start: dt.date | None = None

    @property
    def is_instant(self) -> bool:
        return self.start is None

    def oim(self) -> str:
        """The OIM period: instants and ends are the start of the following day."""
        end = f"{self.end + dt.timedelta(days=1)}T00:00:00"
        return end if self.start is None else f"{self.start}T00:00:00/{end}"


@dataclass(frozen=True, slots=True, order=True)
class Entity:
    scheme: str
    identifier: str


@dataclass(frozen=True, slots=True, order=True)
class Context:
    """Entity, period and dimensions (``(axis, member)`` pairs sorted by axis). Hashable: contexts
    are de-duplicated by value."""

    entity: Entity
    period: Period
    dimensions: tuple[tuple[QName, QName], ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Unit:
    """A unit: measures multiplied over measures divided, as QNames like ``iso4217:USD``."""

    numerators: tuple[QName, ...]
    denominators: tuple[QName, ...] = ()

    def oim(self) -> str:
        text = "*".join(map(str, self.numerators))
        if self.denominators:
            text += "/" + "*".join(map(str, self.denominators))
        return text


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a fact came from in the source: table, line and column (or the cover), for messages."""

    table: str
    row: str
    column: str
    label: str
    location: Location
    printed: str = ""


@dataclass(frozen=True, slots=True)
class Shown:
    """How a numeric fact is printed in the report, for the Inline XBRL emitter.

    ``text`` is the printed digits without sign, currency or parentheses (``3,103``); the value is
    ``text`` × 10^``scale``, negated when ``negative``.
    """

    text: str
    scale: int
    negative: bool
    nil_dash: bool = False
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: a concept's value in a context (and unit, for numbers), with its precision."""

    id: str
    concept: Concept
    context: Context
    value: Decimal | str
    unit: Unit | None = None
    decimals: int | None = None
    origin: Origin | None = None
    shown: Shown | None = None

    @property
    def is_numeric(self) -> bool:
        return isinstance(self.value, Decimal)
