"""What several checks look up in a report, built once per report and shared by the checks.

Five checks name things in the source's words and three group the facts by concept, context and
unit; at 100,000 facts building these for each check took most of the checks' time. Grouping by
the values themselves is slow too: ``QName``, ``Context`` and ``Unit`` are dataclasses whose hash
is computed by a Python function on every lookup (a context's goes down to its dates and members).
So each distinct concept name, context and unit gets a small number once, and facts are grouped by
those numbers.

Numbering is by value, so values that are equal but different objects (the cover facts' contexts
are built apart from the tables') get the same number, and the groups are exactly those a dict keyed
by the values themselves gives, in the same order. Objects are found by identity first (cheap:
facts share their concept, context and unit objects), by value only the first time an object is
seen.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable
from decimal import Decimal
from typing import Generic, TypeVar

from exporter.checks.findings import SourceWords
from exporter.facts.model import Context, Fact, QName, Unit
from exporter.facts.report import Report

T = TypeVar("T", bound=Hashable)

# The numbers of a fact's concept name, context and unit (see FactNumbers).
FactKey = tuple[int, int, int]


class FactNumbers(Generic[T]):
    """Small numbers for values, equal numbers for equal values, in the order first seen."""

    __slots__ = ("_by_identity", "_by_value", "values")

    def __init__(self) -> None:
        # id → (the object, its number): holding the object keeps its id from being reused.
        self._by_identity: dict[int, tuple[T, int]] = {}
        self._by_value: dict[T, int] = {}
        self.values: list[T] = []  # by number: the first object seen with each value

    def number(self, value: T) -> int:
        """The number of ``value``, given a new one if no equal value has one yet."""
        known = self._by_identity.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        number = self._by_value.get(value)
        if number is None:
            number = self._by_value[value] = len(self.values)
            self.values.append(value)
        self._by_identity[id(value)] = (value, number)
        return number

    def find(self, value: T) -> int | None:
        """The number of ``value`` if an equal value has one (without numbering it)."""
        known = self._by_identity.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        return self._by_value.get(value)

    def __contains__(self, value: object) -> bool:
        return value in self._by_value


class ReportIndex:
    """The lookups the checks share: the source's words, the facts grouped by concept, context and
    unit, and the facts printed inside labels. ``run_checks`` builds one per report; a check called
    on its own builds its own."""

    __slots__ = ("report", "words", "in_labels", "groups", "numeric", "concepts", "contexts", "units", "_lines")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.concepts: FactNumbers[QName] = FactNumbers()
        self.contexts: FactNumbers[Context] = FactNumbers()
        self.units: FactNumbers[Unit | None] = FactNumbers()
        self.groups, self.numeric = self._group(report.facts)
        self.words = SourceWords.of(report)
        self.in_labels = frozenset(fact_id for table in report.tables for line in table.lines
                                   for _, fact_id in line.label_facts)
        self._lines: dict[tuple[str, str], array[int]] | None = None

    def _group(self, facts: tuple[Fact, ...]) -> tuple[dict[FactKey, list[Fact]], dict[FactKey, list[Fact]]]:
        """Every fact, and the numeric facts, by concept name, context and unit, in report order;
        the groups in the order of their first fact (of their first numeric fact for ``numeric``)."""
        # This loop runs for every fact, so it does as little as it can. Facts come line by line
        # and share their concept, context and unit objects: a concept or unit is numbered again
        # only when it is not the previous fact's, a context is found by its id (the object is
        # held by the report, so its id stays its own), and values are hashed only for objects
        # not seen yet.
        concepts, contexts, units = self.concepts, self.contexts, self.units
        context_of: dict[int, int] = {}
        groups: dict[FactKey, list[Fact]] = {}
        last_concept: object = None
        last_unit: object = groups  # anything a fact's unit cannot be (None is a unit here)
        q = u = 0
        for fact in facts:
            concept, context, unit = fact.concept, fact.context, fact.unit
            if concept is not last_concept:
                q, last_concept = concepts.number(concept.qname), concept
            if unit is not last_unit:
                u, last_unit = units.number(unit), unit
            c = context_of.get(id(context))
            if c is None:
                c = context_of[id(context)] = contexts.number(context)
            groups.setdefault((q, c, u), []).append(fact)
        text = [fact for fact in facts if not isinstance(fact.value, Decimal)]
        if not text:
            return groups, groups
        # The groups holding text (numbers found again: by identity, cheap).
        with_text = {(concepts.number(f.concept.qname), contexts.number(f.context), units.number(f.unit))
                     for f in text}
        # Most groups are all numbers: the numeric group is then the same list, not a copy.
        numeric: dict[FactKey, list[Fact]] = {}
        reordered = False
        for key, group in groups.items():
            if key not in with_text:
                numeric[key] = group
                continue
            numbers = [fact for fact in group if isinstance(fact.value, Decimal)]
            if numbers:
                numeric[key] = numbers
                reordered = reordered or numbers[0] is not group[0]
        if reordered:
            # A group whose first fact is text comes, among the numeric groups, where its first
            # number is (as if grouped in one pass over the numeric facts).
            position = {id(fact): index for index, fact in enumerate(facts)}
            numeric = dict(sorted(numeric.items(), key=lambda item: position[id(item[1][0])]))
        return groups, numeric

    def fact(self, fact_id: str) -> Fact | None:
        """The first fact with this id, as ``Report.fact`` finds it (without searching)."""
        by_id = self.words.facts_by_id()
        if len(by_id) == len(self.report.facts):  # ids unique: the only one is the first
            return by_id.get(fact_id)
        return self.report.fact(fact_id)

    def reported(self, concept: QName) -> bool:
        """Whether any fact (numeric or not) is of this concept."""
        return concept in self.concepts

    def on_lines(self, lines: dict[tuple[str, str], int] | set[tuple[str, str]]) -> list[Fact]:
        """The numeric facts printed on the given (table, row) lines, in report order."""
        if self._lines is None:  # only a calculation that does not add up needs it
            # The facts' positions in the report, in arrays (8 bytes a fact, not a tuple and an int).
            self._lines = {}
            for position, fact in enumerate(self.report.facts):
                if fact.origin is not None and isinstance(fact.value, Decimal):
                    line = (fact.origin.table, fact.origin.row)
                    positions = self._lines.get(line)
                    if positions is None:
                        positions = self._lines[line] = array("q")
                    positions.append(position)
        facts = self.report.facts
        return [facts[position] for position in sorted(p for line in lines for p in self._lines.get(line, ()))]


def index_of(report: Report, index: ReportIndex | None) -> ReportIndex:
    """``index`` when a caller (``run_checks``) shares one, else one for this report alone."""
    if index is None:
        return ReportIndex(report)
    if index.report is not report:
        raise ValueError("the index is of another report")
    return index


__all__ = ["FactKey", "FactNumbers", "ReportIndex", "index_of"]
