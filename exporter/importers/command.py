"""``xbrl-export import-text`` and ``xbrl-export suggest``.

The commands are plain functions with their own arguments and options; ``exporter.cli`` registers
them with the shared ones (taxonomy packages, ``--debug``, the error guard), so this module does
not import the command line module (and cannot import it circularly).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from exporter.errors import ExporterError
from exporter.importers.suggest import TABLE_KINDS

EXIT_OK, EXIT_FINDINGS = 0, 1


def _fiscal_year_end(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from exporter.importers.periods import parse_fiscal_year_end

    if value is None:
        return None
    parsed = parse_fiscal_year_end(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a month and day; expected e.g. --07-31, 07-31 or 'July 31'")
    return parsed


@click.argument("exhibit", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the report source into.")
@click.option("--fiscal-year-end", callback=_fiscal_year_end, metavar="--MM-DD",
              help="The day the fiscal year ends (--07-31), when the exhibit does not say.")
@click.option("--force", is_flag=True, help="Replace a report source already in --out.")
def import_text_command(exhibit: Path, out_dir: Path, fiscal_year_end: str | None, force: bool,
                        taxonomy_packages: tuple[Path, ...], debug: bool) -> None:
    """Turn a text exhibit (an EDGAR .txt) into a report source in --out, ready for `build`.

    Tables are found with their titles, units and periods; every line gets a suggested concept.
    Lines that could not be read are listed with their line numbers, and what needs a person's
    check is marked "# review:" in the YAML files. Exit 0 when the source was written, 1 when no
    table could be imported.
    """
    from exporter.importers.suggest import load_suggester
    from exporter.importers.text import exhibit_text, import_text
    from exporter.importers.writer import summary, write_source
    from exporter.taxonomy import resolve_packages

    text = exhibit_text(exhibit)
    packages = resolve_packages(taxonomy_packages)
    result = import_text(text, load_suggester(packages), fiscal_year_end, exhibit.name)
    for issue in result.issues:
        click.echo(f"warning: {exhibit}:{issue.line}: {issue.message}", err=True)
    if not result.tables:
        raise ExporterError("no table could be imported", hint="see the lines listed above")
    written = write_source(result, out_dir, force)
    for line in summary(result):
        click.echo(line)
    click.echo(f"wrote {len(written)} files to {out_dir}; {result.review_count} items to review "
               f"(grep -n 'review:' {out_dir}/*.yaml {out_dir}/tables/*.yaml)")
    _check(out_dir, packages)


def _check(out_dir: Path, packages: list[str]) -> None:
    """Map the written source and run the build's checks on it, so the user knows before `build`."""
    from exporter.checks import run_checks
    from exporter.pipeline import load_report

    try:
        findings = run_checks(load_report(out_dir, packages))
    except ExporterError as exc:
        click.echo(f"warning: the imported source does not build yet: {exc}", err=True)
        return
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    click.echo(f"checks: {len(errors)} errors, {len(warnings)} warnings (details: xbrl-export check {out_dir})")


@click.argument("label")
@click.option("--table-kind", type=click.Choice(TABLE_KINDS), default="other", show_default=True,
              help="The statement the line is printed in (balance: instant concepts; operations: duration).")
@click.option("--value", help="A printed value of the line, e.g. '(806)', '61.5%', '$ (0.07)'.")
@click.option("--heading", default="", help="The section heading the line stands under, e.g. 'Current assets:'.")
@click.option("--period-type", type=click.Choice(["instant", "duration"]), help="Overrides the table kind's.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="How many candidates.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format; json is for machines.")
def suggest_command(label: str, table_kind: str, value: str | None, heading: str, period_type: str | None,
                    top: int, output_format: str, taxonomy_packages: tuple[Path, ...], debug: bool) -> None:
    """Rank taxonomy concepts for the line item LABEL, each with a score (offline: from concept
    names, the taxonomy's statements and a small synonym table). Exit 1 when nothing is suggested."""
    from exporter.importers.rows import EXTENSION_BELOW, read_number, value_kind
    from exporter.importers.suggest import LineContext, extension_name, load_suggester
    from exporter.taxonomy import resolve_packages

    number = read_number(value) if value else None
    if value and number is None:
        raise click.BadParameter(f"{value!r} is not a printed number", param_hint="--value")
    heading_lower = heading.lower()
    context_words = ("current",) if "current" in heading_lower and "non" not in heading_lower else ()
    line = LineContext(label, table_kind, period_type, value_kind(label, [value]) if value else None,
                       bool(number is not None and number.value < 0), heading, context_words)
    suggester = load_suggester(resolve_packages(taxonomy_packages))
    suggestions = suggester.suggest(line, top)
    company_measure = suggester.is_non_gaap(label)
    extension = extension_name(label) if company_measure or not suggestions \
        or suggestions[0].score < EXTENSION_BELOW else None
    why = "a company-defined measure" if company_measure else "no standard concept fits well"
    if output_format == "json":
        click.echo(json.dumps({
            "label": label,
            "suggestions": [{"concept": s.concept, "score": s.score, "reasons": list(s.reasons)} for s in suggestions],
            "extension": {"name": extension, "why": why} if extension else None,
        }, indent=2))
    else:
        for rank, s in enumerate(suggestions, 1):
            click.echo(f"{rank}. {s.concept}  {s.score:.2f}  ({'; '.join(s.reasons)})")
        if extension:
            click.echo(f"suggested extension concept: <prefix>:{extension} ({why})")
    sys.exit(EXIT_OK if suggestions or extension else EXIT_FINDINGS)
