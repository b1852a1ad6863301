"""Stage 4: data-quality checks over the mapped report, before anything is written.

Each check is a pure function ``Report -> tuple[Finding, ...]``; they read only the Report and its
facts (never the source files or the taxonomy), so they check exactly what would be written. A
check also takes the lookups ``run_checks`` builds once for all of them (``ReportIndex``: the
source's words, facts grouped by concept, context and unit), and builds its own when called alone.
"""

from __future__ import annotations

from typing import Protocol

from exporter.checks.breakdowns import check_breakdowns
from exporter.checks.calculations import check_calculations
from exporter.checks.completeness import check_completeness, check_placeholders
from exporter.checks.duplicates import check_duplicates
from exporter.checks.findings import CHECK_KINDS, Finding, Severity, Where, count, strict
from exporter.checks.index import ReportIndex
from exporter.checks.signs import check_signs
from exporter.facts.report import Report
from exporter.gcpause import without_gc


class Check(Protocol):
    """A check: the report, and optionally the lookups shared between the checks of one run."""

    def __call__(self, report: Report, index: ReportIndex | None = None, /) -> tuple[Finding, ...]: ...


CHECKS: tuple[Check, ...] = (
    check_calculations,
    check_duplicates,
    check_signs,
    check_breakdowns,
    check_completeness,
    check_placeholders,
)


@without_gc  # as the build's stages: a full collection would walk the whole report (see exporter/gcpause.py)
def run_checks(report: Report) -> tuple[Finding, ...]:
    """Every check over one report, findings in the order of ``CHECK_KINDS``, then of the tables."""
    # The lookups every check needs (the source's words, facts grouped by concept, context and
    # unit) are built once here, not once per check.
    shared = ReportIndex(report)
    findings = [finding for check in CHECKS for finding in check(report, shared)]
    tables = {layout.id: index for index, layout in enumerate(report.tables)}
    kinds = {kind: index for index, kind in enumerate(CHECK_KINDS)}
    # Stable sort: within a table, findings keep the order their check produced them in.
    return tuple(sorted(findings, key=lambda f: (kinds.get(f.check, len(kinds)),
                                                 tables.get(f.table or "", len(tables)))))


__all__ = [
    "CHECKS",
    "CHECK_KINDS",
    "Check",
    "Finding",
    "ReportIndex",
    "Severity",
    "Where",
    "check_breakdowns",
    "check_calculations",
    "check_completeness",
    "check_duplicates",
    "check_placeholders",
    "check_signs",
    "count",
    "run_checks",
    "strict",
]
