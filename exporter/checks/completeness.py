"""Completeness and placeholders: every printed number is tagged or says why not, every mapped
line has a value, and every value the source does not give is pointed out."""

from __future__ import annotations

from exporter.checks.findings import Finding, SourceWords, Where, location_where, period_id
from exporter.checks.index import ReportIndex, index_of
from exporter.facts.model import QName
from exporter.facts.report import Report, Role


def check_completeness(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """Printed numbers left untagged with no reason (error), untagged with a comment or excluded
    by a resolution (info), moved to another column by a resolution (info), and concepts mapped
    to a line that have no value anywhere in the report (warning). ``index``: the lookups
    ``run_checks`` shares between the checks."""
    index = index_of(report, index)
    words = index.words
    findings: list[Finding] = []
    for cell in report.untagged:
        where = Where(cell.location.file, cell.location.line, cell.table, cell.row, cell.column,
                      words.period(cell.table, cell.column))
        label = " ".join(cell.label.split()) or cell.row
        place = f"{label}, {words.title(cell.table)}, {words.column(cell.table, cell.column)}"
        values = (("printed", cell.printed),)
        if cell.reason is None:
            message = (f"{place}: the printed number {cell.printed!r} is not tagged and the source does not say "
                       f"why. Map row {cell.row} to a concept in tables/{cell.table}.yaml, or give it a `comment:` "
                       "saying why it stays untagged.")
            findings.append(Finding("completeness", "error", "completeness.untagged", message, (where,), values))
        elif cell.resolved:
            message = f"{place}: {cell.printed!r} is printed but excluded by resolutions.yaml: {cell.reason}"
            findings.append(Finding("completeness", "info", "completeness.excluded", message, (where,), values))
        else:
            message = f"{place}: {cell.printed!r} is printed but not tagged: {cell.reason}"
            findings.append(Finding("completeness", "info", "completeness.commented", message, (where,), values))
    for moved in report.moved:
        fact = index.fact(moved.fact_id)
        if fact is None or fact.origin is None:
            continue
        origin = fact.origin
        message = (f"{words.line_label(fact)}, {words.title(origin.table)}: {origin.printed!r} is printed in the "
                   f"{words.column(origin.table, moved.from_column)} column but tagged for the "
                   f"{words.column(origin.table, moved.to_column)} column (resolutions.yaml): {moved.reason}")
        where = Where(origin.location.file, origin.location.line, origin.table, origin.row, origin.column,
                      period_id(fact.context.period))
        findings.append(Finding("completeness", "info", "completeness.moved", message,
                                (where, location_where(moved.location)),
                                (("printed", origin.printed), ("value", str(fact.value)),
                                 ("to_column", moved.to_column))))
    findings.extend(_without_values(report, words, index))
    return tuple(findings)


def check_placeholders(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """One warning per placeholder: a value the report needs that the source does not give
    (``index``, which ``run_checks`` passes to every check, is not needed)."""
    return tuple(
        Finding("placeholder", "warning", "placeholder",
                f"placeholder {p.what} = {p.value!r}: the value is not in the source: {p.reason}. Replace it "
                "with the real value before filing.",
                (location_where(p.location),), (("what", p.what), ("value", p.value)))
        for p in report.placeholders)


def _without_values(report: Report, words: SourceWords, index: ReportIndex) -> list[Finding]:
    """Line-item concepts presented in a table that have no fact anywhere in the report."""
    layouts = {t.role_uri: t for t in report.tables}
    findings = []
    for role in report.extension.roles:
        layout = layouts.get(role.uri)
        if layout is None:
            continue
        for concept in _line_concepts(role):
            if index.reported(concept):
                continue
            label = words.concept_label(concept)
            row = next((line.id for line in layout.lines
                        if " ".join(line.label.split()).rstrip(":") == label), None)
            message = (f"{label} ({concept}), {words.title(layout.id)}: the line is mapped to a concept but no "
                       "value is printed for it in any column. Remove the mapping, or fill in the numbers.")
            where = Where(f"{words.base}/tables/{layout.id}.yaml", table=layout.id, row=row)
            findings.append(Finding("completeness", "warning", "completeness.no-value", message, (where,),
                                    (("concept", str(concept)),)))
    return findings


def _line_concepts(role: Role) -> list[QName]:
    """The line-item concepts of a table's role, without its abstracts, axes, domains and members."""
    line_items = next((arc.source for arc in role.definition_arcs if arc.arcrole == "all"), None)
    if line_items is not None:
        return [arc.target for arc in role.definition_arcs
                if arc.arcrole == "domain-member" and arc.source == line_items]
    parents = {arc.parent for arc in role.presentation}
    return list(dict.fromkeys(arc.child for arc in role.presentation if arc.child not in parents))

