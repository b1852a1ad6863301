"""Duplicate facts: the same concept, context and unit tagged more than once.

Printing a number twice (net loss in the statement and again in the comprehensive loss section)
is normal and fine as long as the copies agree; copies that disagree are an error, because a
reader of the XBRL cannot tell which one is meant.
"""

from __future__ import annotations

from exporter.checks.findings import Finding, SourceWords, duplicates_interval
from exporter.checks.index import ReportIndex, index_of
from exporter.facts.model import Fact
from exporter.facts.report import Report


def check_duplicates(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """One error per set of inconsistent duplicates, naming where each copy is printed.

    Numbers are consistent duplicates when they agree after rounding to the lower decimals (their
    rounding intervals overlap; copies with the same decimals must be equal), as XBRL's
    Duplicates handling and Arelle have it; text facts must be equal. ``index``: the lookups
    ``run_checks`` shares between the checks.
    """
    index = index_of(report, index)
    words = index.words
    findings = []
    for facts in index.groups.values():  # every fact by concept, context and unit, in report order
        if len(facts) < 2:
            continue
        if facts[0].is_numeric:
            consistent = all(f.is_numeric for f in facts) and duplicates_interval(facts) is not None
        else:
            consistent = len({f.value for f in facts}) == 1
        if not consistent:
            findings.append(_finding(facts, words))
    return tuple(findings)


def _finding(facts: list[Fact], words: SourceWords) -> Finding:
    first = facts[0]
    copies = "; ".join(
        f"{f.origin.printed if f.origin else f.value} in {words.cell(f)} ({words.where(f).file}:{words.where(f).line})"
        for f in facts)
    message = (f"{words.subject(first, cell=False)} is tagged {len(facts)} times as "
               f"{first.concept.qname} with values that do not agree: {copies}. Tag the right one and exclude "
               "the others in resolutions.yaml (action: exclude, with the reason).")
    locations = tuple(words.where(f) for f in facts)
    values = (
        ("concept", str(first.concept.qname)),
        ("period", locations[0].period or ""),
        ("values", ", ".join(str(f.value) for f in facts)),
        ("decimals", ", ".join(str(f.decimals) for f in facts)),
    )
    return Finding("duplicate", "error", "duplicate.inconsistent", message, locations, values)
