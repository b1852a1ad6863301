"""Write an imported source as files: report.yaml, tables/<id>.csv and .yaml, resolutions.yaml.

YAML is written by hand, not dumped, so every suggestion can carry its score and alternatives as a
comment and every uncertain choice a ``# review:`` line a person can find with grep.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from exporter.errors import Location, OutputError
from exporter.importers.model import ImportedRow, ImportedTable, ImportResult

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.:/-]*$")
# Plain scalars YAML would read as something other than text.
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same text, else double-quoted."""
    if _PLAIN.match(text) and text.lower() not in _SPECIAL and ": " not in text and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def render_files(result: ImportResult) -> dict[str, str]:
    """Every file of the source, by path relative to the source folder."""
    files = {"report.yaml": render_report(result)}
    for table in result.tables:
        files[f"tables/{table.id}.csv"] = render_csv(table)
        files[f"tables/{table.id}.yaml"] = render_table(table, result.exhibit)
    if result.resolutions:
        files["resolutions.yaml"] = render_resolutions(result)
    return files


def write_source(result: ImportResult, out_dir: Path, force: bool = False) -> list[Path]:
    """Write the source into ``out_dir`` (created); an existing source there is replaced only with ``force``.

    The files are written to a temporary folder first, so a failure leaves no half-written source.
    """
    out_dir = Path(out_dir)
    where = Location(str(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("the output path exists and is not a folder", where)
    if not result.tables:
        raise OutputError("no table could be imported, so there is no report source to write", where,
                          hint="the issues of the import list the lines that could not be read")
    if (out_dir / "report.yaml").exists() and not force:
        raise OutputError("a report source is already there (report.yaml exists)", where,
                          hint="choose another --out folder, or pass --force to replace it")
    files = render_files(result)
    try:
        out_dir.resolve().parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.resolve().parent))
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror or exc}", where) from None
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        if force:
            # Replaced, not merged: an old resolutions.yaml would name rows that may no longer exist.
            (out_dir / "resolutions.yaml").unlink(missing_ok=True)
        (out_dir / "tables").mkdir(exist_ok=True)
        written = []
        for name in files:
            target = out_dir / name
            (staging / name).replace(target)
            written.append(target)
        return written
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror or exc}", where) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def render_report(result: ImportResult) -> str:
    out: list[str] = [
        f"# Imported by `xbrl-export import-text` from {result.exhibit}: {len(result.tables)} tables.",
        f"# Review before building: {result.review_count} items are marked \"# review:\" in tables/*.yaml"
        + (" and resolutions.yaml." if result.resolutions else "."),
    ]
    for note in result.notes:
        out.append(f"# review: {_comment(note)}")
    if result.issues:
        out.append("# Not read (line numbers of the exhibit):")
        out.extend(f"#   line {issue.line}: {_comment(issue.message)}" for issue in result.issues)
    out += [
        "schema_version: 1",
        "",
        "document:",
        f"  name: {scalar(result.name)}",
        f"  title: {scalar(result.title)}",
        "  language: en-US",
        "  dimension_container: segment",
        "",
        "entity:",
        f"  name: {scalar(result.entity_name)}",
        "  identifier:",
        "    scheme: http://www.sec.gov/CIK",
        f"    value: {json.dumps(result.identifier)}",
    ]
    if result.identifier_placeholder:
        out.append(f"    placeholder: {scalar(result.identifier_placeholder)}")
    out.append("")
    if result.fiscal_year_end:
        where = "given with --fiscal-year-end" if result.fiscal_year_end_source == "given" else \
            f"from the exhibit: {result.fiscal_year_end_source!r}"
        out.append(f"# Fiscal year end {where}.")
        out.append(f"fiscal_year_end: {json.dumps(result.fiscal_year_end)}")
    out += ["taxonomy: us-gaap-2024", "currency: USD", "", "extension:", f"  prefix: {scalar(result.prefix)}",
            f"  namespace: {scalar(result.namespace)}"]
    if result.concepts:
        out.append("  concepts:  # lines no standard concept fits (review them)")
        for concept in result.concepts:
            out += [f"    - name: {scalar(concept.name)}", f"      label: {scalar(concept.label)}",
                    f"      type: {concept.type}", f"      period_type: {concept.period_type}"]
    if result.members:
        out.append("  members:  # from segment headings, product lines and table titles (review them)")
        for member in result.members:
            out += [f"    - name: {scalar(member.name)}", f"      label: {scalar(member.label)}",
                    f"      axis: {member.axis}"]
    if result.axes:
        out += ["", "axes:"]
        out += [f"  {axis}: {{domain: {domain}}}" for axis, domain in result.axes]
    out += ["", "periods:"]
    for period in result.periods:
        spec = ", ".join(f"{key}: {scalar(value)}" for key, value in period.spec().items())
        dates = f"{period.start} .. {period.end}" if period.start else f"{period.end}"
        out.append(f"  {period.id}: {{{spec}}}   # {dates}")
    if result.cover:
        out += ["", "cover:"]
        for item in result.cover:
            out += [f"  - concept: {item.concept}", f"    value: {json.dumps(item.value)}",
                    f"    period: {item.period}"]
            if item.placeholder:
                out.append(f"    placeholder: {scalar(item.placeholder)}")
    out += ["", "# In the order printed.", "tables:"]
    out += [f"  - {table.id}   # lines {table.first}-{table.last}: {_comment(table.title)}" for table in result.tables]
    return "\n".join(out) + "\n"


def render_csv(table: ImportedTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "indent", "label", *(c.id for c in table.columns)])
    for row in table.rows:
        writer.writerow([row.id, row.indent, row.label, *row.cells])
    return buffer.getvalue()


def render_table(table: ImportedTable, exhibit: str) -> str:
    out = [f"# Imported from {exhibit}, lines {table.first}-{table.last}. Suggested concepts carry their score "
           "(about 0.7-1.5)", "# and the next candidates; lines marked \"# review:\" need a person's check."]
    out.extend(f"# review: {_comment(note)}" for note in table.review)
    out.append(f"title: {scalar(table.title)}")
    if table.heading:
        out.append(f"heading: {scalar(table.heading)}")
    out.append(f"kind: {table.kind}")
    if table.scale_note:
        out.append(f"scale_note: {scalar(table.scale_note)}")
    out.append(f"scale: {table.scale}")
    if table.dimensions:
        out.append("dimensions:")
        out.extend(f"  {axis}: {member}" for axis, member in table.dimensions)
    if table.column_heading:
        out.append(f"column_heading: {scalar(table.column_heading)}")
    out.append("columns:")
    for column in table.columns:
        dates = f"{column.period.start} .. {column.period.end}" if column.period.start else f"{column.period.end}"
        out.append(f"  - {{id: {column.id}, heading: {json.dumps(column.heading, ensure_ascii=False)}, "
                   f"period: {column.period.id}}}   # {dates}")
    if table.footnotes:
        out.append("# Printed under the table:")
        out.extend(f"#   {_comment(note)}" for note in table.footnotes)
    rows = [row for row in table.rows if row.concept or row.comment]
    if rows:
        out.append("rows:")
        for row in rows:
            out.extend(_row(row))
    return "\n".join(out) + "\n"


def _row(row: ImportedRow) -> list[str]:
    out = [f"  {row.id}:"]
    out.extend(f"    # review: {_comment(note)}" for note in row.review)
    if row.concept:
        best = row.suggestions[0] if row.suggestions and row.suggestions[0].concept == row.concept else None
        others = [s for s in row.suggestions if s.concept != row.concept][:3]
        hint = f"suggested {best.score:.2f}" if best else "extension"
        if others:
            hint += "; also " + ", ".join(f"{s.concept} {s.score:.2f}" for s in others)
        out.append(f"    concept: {row.concept}   # {hint}")
    if row.sign != "as_printed":
        out.append(f"    sign: {row.sign}")
    out.extend(f"    # {_comment(note)}" for note in row.notes if note)
    if row.dimensions:
        out.append("    dimensions: {" + ", ".join(f"{a}: {m}" for a, m in row.dimensions) + "}")
    if row.total:
        out.append(f"    total: [{', '.join(row.total)}]")
    if row.label_values:
        out.append("    label_values:")
        out.extend(f"      - {{text: {json.dumps(v.text)}, column: {v.column}, concept: {v.concept}}}"
                   for v in row.label_values)
    if row.comment:
        out.append(f"    comment: {scalar(row.comment)}")
    return out


def render_resolutions(result: ImportResult) -> str:
    out = ["# Suggested by `xbrl-export import-text`: cells of the printed tables that conflict. Every number",
           "# stays in the tables as printed; review each resolution and its reason.", "resolutions:"]
    for resolution in result.resolutions:
        out += [f"  - table: {resolution.table}", f"    row: {resolution.row}", f"    column: {resolution.column}",
                f"    action: {resolution.action}"]
        if resolution.to_column:
            out.append(f"    to_column: {resolution.to_column}")
        out.append(f"    reason: {scalar(_comment(resolution.reason))}")
    return "\n".join(out) + "\n"


def summary(result: ImportResult) -> Iterable[str]:
    """Lines for the terminal: what was imported and what needs review."""
    yield f"imported {len(result.tables)} tables, {len(result.periods)} periods from {result.exhibit}"
    for table in result.tables:
        tagged = sum(1 for r in table.rows if r.concept)
        review = sum(len(r.review) for r in table.rows) + len(table.review)
        yield f"  {table.id}: {table.title} ({tagged} lines tagged, {review} to review)"
