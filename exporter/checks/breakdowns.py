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


def check_breakdowns(report: Report) -> tuple[Finding, ...]:
    """One warning per complete breakdown whose members do not add up to the total."""
    word = SourceWords.of(report)
    trees = member_tree(report)
    index: dict[tuple[QName, Context, object], list[Fact]] = defaultdict(list)
    for fact in report.facts:
        if fact.is_numeric:
            index[(fact.concept.qname, fact.context, fact.unit)].append(fact)
    # (concept, total's context, unit, axis) → member → its facts
    breakdowns: dict[tuple[QName, Context, object, QName], dict[QName, list[Fact]]] = defaultdict(dict)
    for (concept, context, unit), facts in index.items():
        for axis, member in context.dimensions:
            if axis not in trees:
                continue
            domain, children = trees[axis]
            parent = next((node for node, kids in children.items() if member in kids), domain)
            others = tuple(d for d in context.dimensions if d[0] != axis)
            if parent != domain:
                others = tuple(sorted(others + ((axis, parent),)))
            total_context = Context(context.entity, context.period, others)
            breakdowns[(concept, total_context, unit, axis)][member] = facts
    findings = []
    for (concept, total_context, unit, axis), members in breakdowns.items():
        totals = index.get((concept, total_context, unit))
        if not totals:
            continue
        domain, children = trees[axis]
        parent = dict(total_context.dimensions).get(axis, domain)
        expected = children.get(parent, ())
        if len(expected) < 2 or any(m not in members for m in expected):
            continue  # one member, or not every member reported: not a complete breakdown
        total_interval = duplicates_interval(totals)
        intervals = [duplicates_interval(members[m]) for m in expected]
        if total_interval is None or any(i is None for i in intervals):
            continue  # inconsistent duplicates: reported by the duplicate check
        sum_interval = ZERO_INTERVAL
        for interval in intervals:
            assert interval is not None
            sum_interval += interval
        if total_interval.overlaps(sum_interval):
            continue
        findings.append(_finding(most_precise(totals), axis, [most_precise(members[m]) for m in expected], word))
    return tuple(findings)


def _finding(total: Fact, axis: QName, parts: list[Fact], word: SourceWords) -> Finding:
    assert isinstance(total.value, Decimal)
    nominal = sum((p.value for p in parts if isinstance(p.value, Decimal)), Decimal(0))
    difference = total.value - nominal
    terms = " + ".join(f"{word.concept_label(dict(p.context.dimensions)[axis])} {fact_amount(p)}" for p in parts)
    axis_words = words(axis.local).removesuffix(" Axis")
    message = (f"{word.subject(total)}: printed "
               f"{total.origin.printed if total.origin else fact_amount(total)}, but its breakdown by "
               f"{axis_words} adds up to {fact_amount(total, nominal)}: {terms}; the difference is "
               f"{fact_amount(total, difference)}, more than the rounding of the printed numbers allows.")
    locations = (word.where(total),) + tuple(word.where(p) for p in parts)
    values = (("concept", str(total.concept.qname)), ("axis", str(axis)), ("period", locations[0].period or ""),
              ("total", str(total.value)), ("sum", str(nominal)), ("difference", str(difference)),
              ("members", ", ".join(str(dict(p.context.dimensions)[axis]) for p in parts)))
    return Finding("breakdown", "warning", "breakdown.inconsistent", message, locations, values)
