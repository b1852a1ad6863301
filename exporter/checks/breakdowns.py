"""Breakdowns: members of an axis adding up to the fact without that axis.

ICC.NET revenue is broken down by product (Core VAN + Mapping on ``srt:ProductOrServiceAxis``),
consolidated revenue by segment (the three members of ``StatementBusinessSegmentsAxis``). No
calculation expresses this (the parts are the same concept in other contexts), so a reviewer adds
them up by hand; this does it with the same rounding tolerance as the calculations.

When is a breakdown complete? The source does not say, so the check is conservative: a
breakdown is checked only where the total is reported (the same concept, period, unit and other
dimensions, with the axis absent or at the parent member) and *every* member of the axis under
that parent that the report uses anywhere has a value, and there are at least two of them. A table
that shows one segment's costs, or two of three segments, is therefore not read as a breakdown;
nor is a single member, which the report may show alone without meaning it is the whole. Members are known from the
report's dimensional relationships (domain → member arcs, parents included), so a hierarchy of
members is summed level by level. A breakdown that does not add up is a warning, not an error:
segments can legitimately leave out unallocated amounts or eliminations.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from exporter.checks.findings import (
    ZERO_INTERVAL,
    Finding,
    SourceWords,
    duplicates_interval,
    fact_amount,
    most_precise,
    words,
)
from exporter.checks.index import FactNumbers, ReportIndex, index_of
from exporter.facts.model import Context, Fact, QName
from exporter.facts.report import Report


def member_tree(report: Report) -> dict[QName, tuple[QName, dict[QName, tuple[QName, ...]]]]:
    """For each axis: its domain and each node's children (domain → members → sub-members), from
    the definition arcs of every table."""
    domains: dict[QName, QName] = {}
    arcs: dict[QName, dict[QName, None]] = defaultdict(dict)
    for role in report.extension.roles:
        for arc in role.definition_arcs:
            if arc.arcrole == "dimension-domain":
                domains.setdefault(arc.source, arc.target)
            elif arc.arcrole == "domain-member":
                arcs[arc.source][arc.target] = None
    trees = {}
    for axis, domain in domains.items():
        children: dict[QName, tuple[QName, ...]] = {}
        pending = [domain]
        while pending:
            node = pending.pop()
            if node in children:
                continue
            children[node] = tuple(arcs.get(node, {}))
            pending.extend(children[node])
        trees[axis] = (domain, children)
    return trees


def check_breakdowns(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """One warning per complete breakdown whose members do not add up to the total. ``index``: the
    lookups ``run_checks`` shares between the checks."""
    index = index_of(report, index)
    word = index.words
    trees = member_tree(report)
    if not trees:
        return ()  # no axis has members: nothing is broken down
    # Each member's parent: the first node (in the tree's order) that lists it among its children.
    parents: dict[QName, dict[QName, QName]] = {}
    for axis, (_, children) in trees.items():
        parent_of: dict[QName, QName] = {}
        for node, kids in children.items():
            for kid in kids:
                parent_of.setdefault(kid, node)
        parents[axis] = parent_of
    # (concept, total's context, unit, axis) → member → its facts; concepts, contexts and units by
    # their numbers in ``index``, axes and members by theirs here (ints hash fast, QNames do not).
    axes: FactNumbers[QName] = FactNumbers()
    member_numbers: FactNumbers[QName] = FactNumbers()
    breakdowns: dict[tuple[int, int, int, int], dict[int, list[Fact]]] = defaultdict(dict)
    # What a context is a part of, per axis: worked out once per context (a few thousand), not per
    # group of facts (one per concept, context and unit). A breakdown is checked only against a
    # total, so a part whose total's context has no number at all is left out at once; when no
    # context is left (no totals, as in a report of segments alone), nothing more is done.
    numeric_contexts = {context for _, context, _ in index.numeric}
    splits: dict[int, list[tuple[int, int, int]]] = {}  # context → (axis, member, total's context)
    for context in sorted(numeric_contexts):
        split = [(axis, member, total) for axis, member, total in
                 _split(index.contexts.values[context], trees, parents, axes, member_numbers, index)
                 if total in numeric_contexts]
        if split:
            splits[context] = split
    if splits:
        for (concept, context, unit), facts in index.numeric.items():
            for axis, member, total_context in splits.get(context, ()):
                breakdowns[(concept, total_context, unit, axis)][member] = facts
    findings = []
    for (concept, total_number, unit, axis_number), members in breakdowns.items():
        totals = index.numeric.get((concept, total_number, unit))
        if not totals:
            continue
        axis = axes.values[axis_number]
        total_context = index.contexts.values[total_number]
        domain, children = trees[axis]
        parent = dict(total_context.dimensions).get(axis, domain)
        expected = children.get(parent, ())
        numbers = [member_numbers.find(m) for m in expected]
        if len(expected) < 2 or any(n is None or n not in members for n in numbers):
            continue  # one member, or not every member reported: not a complete breakdown
        parts = [members[n] for n in numbers if n is not None]
        total_interval = duplicates_interval(totals)
        intervals = [duplicates_interval(facts) for facts in parts]
        if total_interval is None or any(i is None for i in intervals):
            continue  # inconsistent duplicates: reported by the duplicate check
        sum_interval = ZERO_INTERVAL
        for interval in intervals:
            assert interval is not None
            sum_interval += interval
        if total_interval.overlaps(sum_interval):
            continue
        findings.append(_finding(most_precise(totals), axis, [most_precise(facts) for facts in parts], word))
    return tuple(findings)


def _split(context: Context, trees: dict[QName, tuple[QName, dict[QName, tuple[QName, ...]]]],
           parents: dict[QName, dict[QName, QName]], axes: FactNumbers[QName], members: FactNumbers[QName],
           index: ReportIndex) -> list[tuple[int, int, int]]:
    """For each dimension of ``context`` on an axis with a member tree: the numbers of the axis, of
    the member and of the context its total is reported in (the axis absent when the member's
    parent is the domain, else at the parent)."""
    split = []
    for axis, member in context.dimensions:
        if axis not in trees:
            continue
        domain, _ = trees[axis]
        parent = parents[axis].get(member, domain)
        others = tuple(d for d in context.dimensions if d[0] != axis)
        if parent != domain:
            others = tuple(sorted(others + ((axis, parent),)))
        total_context = Context(context.entity, context.period, others)
        split.append((axes.number(axis), members.number(member), index.contexts.number(total_context)))
    return split


def _finding(total: Fact, axis: QName, parts: list[Fact], word: SourceWords) -> Finding:
    assert isinstance(total.value, Decimal)
    nominal = sum((p.value for p in parts if isinstance(p.value, Decimal)), Decimal(0))
    difference = total.value - nominal
    members = [dict(p.context.dimensions)[axis] for p in parts]
    terms = " + ".join(f"{word.concept_label(m)} {fact_amount(p)}" for m, p in zip(members, parts, strict=True))
    axis_words = words(axis.local).removesuffix(" Axis")
    message = (f"{word.subject(total)}: printed "
               f"{total.origin.printed if total.origin else fact_amount(total)}, but its breakdown by "
               f"{axis_words} adds up to {fact_amount(total, nominal)}: {terms}; the difference is "
               f"{fact_amount(total, difference)}, more than the rounding of the printed numbers allows.")
    locations = (word.where(total),) + tuple(word.where(p) for p in parts)
    values = (("concept", str(total.concept.qname)), ("axis", str(axis)), ("period", locations[0].period or ""),
              ("total", str(total.value)), ("sum", str(nominal)), ("difference", str(difference)),
              ("members", ", ".join(str(m) for m in members)))
    return Finding("breakdown", "warning", "breakdown.inconsistent", message, locations, values)
