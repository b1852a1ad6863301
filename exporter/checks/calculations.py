"""Calculations: every printed total against the sum of its parts, in every context it is reported.

Semantics are XBRL Calculations 1.1, round-to-nearest (what Arelle checks with ``calcs=c11r``):
each number stands for the interval its printed precision allows, a total is consistent when its
interval overlaps the sum of its parts' intervals, parts not reported in a context are left out,
and consistent duplicates count once. So ``(523)`` against (982) + 18 + 440 = (524) is fine, as
the release's own rounding, but a difference of 982 is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from exporter.checks.findings import (
    ZERO_INTERVAL,
    Finding,
    Interval,
    SourceWords,
    duplicates_interval,
    fact_amount,
    most_precise,
)
from exporter.checks.index import FactKey, ReportIndex, index_of
from exporter.facts.model import Context, Fact, QName, Unit
from exporter.facts.report import Report, Summation


def fact_index(report: Report) -> dict[tuple[QName, Context, Unit | None], list[Fact]]:
    """Numeric facts by concept, context and unit, in report order (the checks use
    ``ReportIndex.numeric``, the same groups keyed by numbers)."""
    index: dict[tuple[QName, Context, Unit | None], list[Fact]] = defaultdict(list)
    for fact in report.facts:
        if fact.is_numeric:
            index[(fact.concept.qname, fact.context, fact.unit)].append(fact)
    return index


def effective_items(summation: Summation, report: Report) -> tuple[tuple[QName, int], ...]:
    """The parts a total has in its table's calculation network, as written to the linkbase.

    A table that prints only some of a total's parts (a segment's reconciliation) gets the full
    list of a wider breakdown elsewhere, so that Calculations 1.1, which checks a network in every
    context, does not read the consolidated figures against the segment's shorter list. Checking
    the same network as Arelle keeps ``check`` and ``validate`` in agreement.
    """
    for role in report.extension.roles:
        if role.uri == summation.role_uri:
            arcs = sorted((a for a in role.calculation if a.total == summation.total), key=lambda a: a.order)
            if arcs:
                return tuple((a.item, a.weight) for a in arcs)
    return tuple((concept, weight) for _, concept, weight in summation.items)


def check_calculations(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """Check each declared total (``report.summations``) in every context where the total is
    reported and at least one of its parts is; one finding per total and context that does not
    add up (error), and a note where inconsistent duplicates keep a total from being checked.
    ``index``: the lookups ``run_checks`` shares between the checks."""
    if not report.summations:
        return ()
    index = index_of(report, index)
    words, in_labels = index.words, index.in_labels
    # The numeric groups of each concept, in the order of their first fact: the contexts and units
    # a total is reported in, found without going through every fact for every summation.
    by_concept: dict[int, list[FactKey]] = defaultdict(list)
    for key in index.numeric:
        by_concept[key[0]].append(key)
    findings: list[Finding] = []
    done: set[tuple[int, frozenset[tuple[QName, int]], int, int]] = set()
    for summation in report.summations:
        total = index.concepts.find(summation.total)
        if total is None:
            continue  # the total is not reported anywhere
        items = effective_items(summation, report)
        item_set = frozenset(items)
        numbers = [(concept, weight, index.concepts.find(concept)) for concept, weight in items]
        for key in by_concept.get(total, ()):
            _, context, unit = key
            # Two tables may declare the same total with the same parts: check that once.
            once = (total, item_set, context, unit)
            if once in done:
                continue
            done.add(once)
            parts = [(concept, weight, index.numeric.get((q, context, unit), []) if q is not None else [])
                     for concept, weight, q in numbers]
            if not any(facts for _, _, facts in parts):
                continue  # Calculations 1.1 binds a total only where a part is reported
            finding = _check_one(summation, index.numeric[key], parts, words, index, in_labels)
            if finding is not None:
                findings.append(finding)
    return tuple(findings)


def _check_one(summation: Summation, totals: list[Fact], parts: list[tuple[QName, int, list[Fact]]],
               words: SourceWords, index: ReportIndex, in_labels: frozenset[str]) -> Finding | None:
    # Name the total where the summation is declared when it is printed there (the reader sees its
    # parts in that table); in other contexts, the most precise copy.
    declared = (summation.table, summation.total_row)
    total = next((f for f in totals if f.origin and (f.origin.table, f.origin.row) == declared),
                 None) or most_precise(totals)
    totals = [total] + [f for f in totals if f is not total]
    total_interval = duplicates_interval(totals)
    blocked = [facts for _, _, facts in parts if facts and duplicates_interval(facts) is None]
    if total_interval is None:
        blocked.insert(0, totals)
    if blocked:
        return _not_checked(total, blocked, words)
    sum_interval = ZERO_INTERVAL
    nominal = Decimal(0)
    terms: list[tuple[Fact, int]] = []
    for _, weight, facts in parts:
        if not facts:
            continue
        interval = duplicates_interval(facts)
        assert interval is not None
        sum_interval += interval.times(weight)
        part = _representative(facts, total, in_labels)
        assert isinstance(part.value, Decimal)
        nominal += part.value * weight
        terms.append((part, weight))
    assert total_interval is not None and isinstance(total.value, Decimal)
    if total_interval.overlaps(sum_interval):
        return None
    difference = total.value - nominal
    shown_terms = " + ".join(f"{words.line_label(part)} {fact_amount(total, part.value * weight)}"
                             for part, weight in terms if part.value != 0) or "nothing"
    message = (f"{words.subject(total)}: the total is printed "
               f"{total.origin.printed if total.origin else fact_amount(total)} but its parts add up to "
               f"{fact_amount(total, nominal)}: {shown_terms}; the difference is {fact_amount(total, difference)}, "
               "more than the rounding of the printed numbers allows.")
    notes = _notes(total, difference, terms, summation, words, index)
    if notes:
        message += " " + " ".join(notes)
    locations = tuple(words.where(f) for f in totals) + tuple(words.where(part) for part, _ in terms)
    values = (
        ("concept", str(total.concept.qname)),
        ("period", locations[0].period or ""),
        ("total", str(total.value)),
        ("sum", str(nominal)),
        ("difference", str(difference)),
        ("total_interval", str(total_interval)),
        ("sum_interval", str(sum_interval)),
        ("parts", ", ".join(f"{_line_id(p, total)}={p.value * w}" for p, w in terms)),  # type: ignore[operator]
    )
    return Finding("calculation", "error", "calculation.inconsistent", message, locations, values)


def _line_id(fact: Fact, total: Fact) -> str:
    """``row`` for a line of the total's table, ``table.row`` for one of another table."""
    if fact.origin is None:
        return str(fact.concept.qname)
    same = total.origin is not None and total.origin.table == fact.origin.table
    return fact.origin.row if same else f"{fact.origin.table}.{fact.origin.row}"


def _representative(facts: list[Fact], total: Fact, in_labels: frozenset[str]) -> Fact:
    """Of consistent duplicates, the one to name: the most precise, preferring a copy printed in the
    total's own table (the reader sees the parts there) and a line's own number over one in a label."""
    table = total.origin.table if total.origin else None
    best = most_precise(facts).decimals
    candidates = [f for f in facts if f.decimals == best]
    return min(candidates, key=lambda f: (f.origin is None or f.origin.table != table, f.id in in_labels))


def _not_checked(total: Fact, blocked: list[list[Fact]], words: SourceWords) -> Finding:
    """A note: inconsistent duplicates leave a total unchecked (the duplicate check reports them)."""
    which = "; ".join(f"{words.line_label(facts[0])} is tagged "
                      + " and ".join(f"{f.origin.printed if f.origin else f.value}" for f in facts)
                      for facts in blocked)
    message = (f"{words.subject(total)}: the total is not checked, "
               f"because {which} (see Duplicate facts).")
    return Finding("calculation", "info", "calculation.not-checked", message, (words.where(total),),
                   (("concept", str(total.concept.qname)), ("period", words.where(total).period or "")))


def _notes(total: Fact, difference: Decimal, terms: list[tuple[Fact, int]], summation: Summation,
           words: SourceWords, index: ReportIndex) -> list[str]:
    """Hints for the usual cause of a difference: a number printed in the wrong column.

    A part in this column that equals the difference is one the total does not include; a number
    printed on one of the parts' lines in another column that equals the difference is one the
    total does include; either way it may be printed in the wrong column.
    """
    notes = []
    here = total.origin.column if total.origin else None
    for part, weight in terms:
        assert isinstance(part.value, Decimal)
        if part.value != 0 and part.value * weight == -difference:
            notes.append(f"Without the {fact_amount(total, abs(part.value))} of {words.line_label(part)} printed "
                         "in this column, the parts would add up to the total: is it printed in the wrong column?")
        elif part.value != 0 and 2 * part.value * weight == -difference:
            notes.append(f"The difference is twice the {fact_amount(total, abs(part.value))} of "
                         f"{words.line_label(part)}: is its sign wrong (see Signs and balances)?")
    # Only the lines of the table the total is printed in: "the same line, another column".
    table = total.origin.table if total.origin else summation.table
    lines = {(p.origin.table, p.origin.row): w for p, w in terms if p.origin and p.origin.table == table}
    if summation.table == table:
        lines.update({(table, row): w for row, _, w in summation.items})
    for fact in _other_columns(index, lines, here, total):
        weight = lines[(fact.origin.table, fact.origin.row)]  # type: ignore[union-attr]
        assert isinstance(fact.value, Decimal) and fact.origin is not None
        if fact.value != 0 and fact.value * weight == difference:
            column = words.column(fact.origin.table, fact.origin.column)
            notes.append(f"The difference equals the {fact_amount(total, abs(fact.value))} of "
                         f"{words.line_label(fact)} printed in the {column} column: is it printed in the wrong column?")
    return notes


def _other_columns(index: ReportIndex, lines: dict[tuple[str, str], int], column: str | None,
                   total: Fact) -> Iterable[Fact]:
    """Facts printed on the given lines in columns other than ``column`` (with the total's unit), in
    report order."""
    for fact in index.on_lines(lines):
        assert fact.origin is not None
        if fact.origin.column != column and fact.unit == total.unit:
            yield fact


__all__ = ["Interval", "check_calculations", "effective_items", "fact_index"]
