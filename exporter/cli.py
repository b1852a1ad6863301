"""The ``xbrl-export`` command line."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from exporter.batch import batch_options, is_batch, run_batch
from exporter.checks.command import check, gate, strict_option
from exporter.emitters import DEFAULT_FORMATS, FORMATS
from exporter.errors import ExporterError
from exporter.importers.command import import_text_command, suggest_command
from exporter.taxonomy import ENV_VAR, resolve_packages
from exporter.taxonomy.command import taxonomy_commands
from exporter.viewer import view

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _packages_option(function: F) -> F:
    return click.option(
        "--taxonomy-package", "taxonomy_packages", multiple=True, type=click.Path(path_type=Path),
        help=f"Taxonomy package zip, or a folder of them (repeatable). Also read from {ENV_VAR}. "
             "With packages Arelle works offline.",
    )(function)


def _debug_option(function: F) -> F:
    return click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")(function)


def _formats_option(function: F) -> F:
    return click.option(
        "--format", "formats", multiple=True, callback=_formats, metavar="FORMATS",
        help=f"Output formats, a comma list or repeated: {', '.join(FORMATS)}. "
             f"Default: {','.join(DEFAULT_FORMATS)}. The extension taxonomy is always written.",
    )(function)


def _formats(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """``--format`` values (``json,xbrl`` or repeated) as format names, or the defaults when none."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if unknown := [name for name in names if name not in FORMATS]:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names)) or DEFAULT_FORMATS


def _guard(function: F) -> F:
    """Turn the errors a user can fix into one clear message and exit code 1, without a traceback."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return function(*args, **kwargs)
        except ExporterError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FINDINGS)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc()
            else:
                click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                           "  this is a bug in xbrl-export; run again with --debug for the traceback", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xbrl-exporter")
def main() -> None:
    """Financial statements in plain files to Inline XBRL and xBRL-JSON, checked by Arelle."""


@main.command()
@click.argument("source_dir", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Output folder.")
@_formats_option
@_packages_option
@strict_option
@click.option("--viewer", "with_viewer", is_flag=True,
              help="Also write Arelle's iXBRL viewer of the Inline XBRL report (as `xbrl-export view` does).")
@batch_options
@_debug_option
@_guard
def build(source_dir: Path | None, out_dir: Path, formats: tuple[str, ...], taxonomy_packages: tuple[Path, ...],
          strict: bool, with_viewer: bool, from_list: Path | None, jobs: int | None, scheduler: str,
          scheduler_address: str | None, debug: bool) -> None:
    """Build the report in SOURCE_DIR into --out: the reports in --format (by default xBRL-JSON and
    Inline XBRL) and the extension taxonomy.

    The checks of `xbrl-export check` run first; with errors (with --strict, warnings) nothing is written.

    Many reports: SOURCE_DIR a folder of source folders, or --from-list FILE; each is built into
    OUT_DIR/<source folder name>/, --jobs at a time (exit 1 if any failed; the others are written)."""
    from exporter.pipeline import build as run_build

    packages = resolve_packages(taxonomy_packages)
    if source_dir is None or from_list is not None or is_batch(source_dir):  # exporter/batch.py
        if source_dir is None and from_list is None:
            raise click.UsageError("give SOURCE_DIR, or --from-list FILE")
        if with_viewer:
            raise click.UsageError("--viewer is for one report; build it on its own")
        sys.exit(run_batch(source_dir, from_list, out_dir, packages, strict, formats, jobs, scheduler,
                           scheduler_address))
    if with_viewer:  # before building, so that a missing viewer stops the build, not half of it
        from exporter.viewer import make_viewer, viewer_plugin

        if "ixbrl" not in formats:
            raise click.UsageError("--viewer needs the Inline XBRL report: add ixbrl to --format")
        viewer_plugin()
    result = run_build(source_dir, out_dir, packages, gate=gate(strict), formats=formats)
    report = result.report
    click.echo(f"built {report.name}: {len(report.facts)} facts in {len(report.tables)} tables")
    for path in result.files:
        click.echo(f"  {path}")
    if with_viewer:
        htm = next(p for p in result.files if p.name == f"{report.name}.htm")
        click.echo(f"  {make_viewer(htm, None, packages).path} (iXBRL viewer, with ixbrlviewer.js beside it)")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format; json is for machines.")
@click.option("--rules", type=click.Choice(["xbrl", "efm"]), default="xbrl", show_default=True,
              help="efm adds the SEC EDGAR Filer Manual rules (needs Arelle's EDGAR plugin, see docs/efm.md).")
@_packages_option
@_debug_option
@_guard
def validate(path: Path, output_format: str, rules: str, taxonomy_packages: tuple[Path, ...], debug: bool) -> None:
    """Validate a built report (.json, .htm, .xbrl, -metadata.json of xBRL-CSV, .xbri) with Arelle; exit 0
    only when there are no errors."""
    from exporter.validation import validate_report
    from exporter.validation.source_terms import source_terms

    packages = resolve_packages(taxonomy_packages)
    result = validate_report(path, packages, rules)
    if output_format == "json":
        click.echo(json.dumps({
            "path": str(path),
            "ok": result.ok,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "facts": result.fact_count,
            "messages": [
                {"level": m.level.lower(), "code": m.code, "message": m.text, "facts": list(m.fact_ids),
                 "files": list(m.files), "source": source_terms(m)}
                for m in result.messages
            ],
        }, indent=2))
    else:
        for message in result.messages:
            click.echo(f"{message.level.lower()}: [{message.code}] {message.text}")
            if terms := source_terms(message):
                click.echo(f"  in the source: {terms}")
        verdict = "valid" if result.ok else "INVALID"
        click.echo(f"{path}: {verdict}: {len(result.errors)} errors, {len(result.warnings)} warnings, "
                   f"{result.fact_count} facts")
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


main.command()(_packages_option(_debug_option(_guard(check))))  # xbrl-export check (exporter/checks/command.py)
main.command()(_packages_option(_debug_option(_guard(view))))  # xbrl-export view (exporter/viewer.py)
main.add_command(taxonomy_commands(_packages_option, _debug_option, _guard))  # exporter/taxonomy/command.py
# xbrl-export import-text and suggest (exporter/importers/command.py)
main.command("import-text")(_packages_option(_debug_option(_guard(import_text_command))))
main.command("suggest")(_packages_option(_debug_option(_guard(suggest_command))))
