"""xbrl-exporter: financial statements in plain files to Inline XBRL and xBRL-JSON, checked by Arelle.

The library surface, one call per command (see docs/library.md)::

    import exporter

    findings = exporter.check("examples/icc-fy2004q1", packages=["../shared/taxonomies"])
    result = exporter.build("examples/icc-fy2004q1", "out", packages=["../shared/taxonomies"])
    verdict = exporter.validate(result.json_path, packages=["../shared/taxonomies"])

``packages`` are taxonomy package zips or folders of them, used as ``--taxonomy-package`` is: the
packages in ``XBRL_TAXONOMY_PACKAGES`` and those added with ``xbrl-export taxonomy add`` join
them, and with any package Arelle works offline. Errors a user can fix raise ``ExporterError``.
The modules are imported when a function is called, so ``import exporter`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.errors import ExporterError

if TYPE_CHECKING:
    from exporter.checks.findings import Finding
    from exporter.facts.report import Report
    from exporter.importers.model import ImportResult
    from exporter.pipeline import Build
    from exporter.validation import Validation
    from exporter.viewer import Viewer

__version__ = "0.1.0"

__all__ = ["ChecksFailed", "ExporterError", "__version__", "build", "check", "import_text", "validate", "view"]

Packages = Iterable[str | Path]


class ChecksFailed(ExporterError):
    """``build`` found errors in the checks and wrote nothing; ``findings`` are all the checks found."""

    def __init__(self, message: str, findings: tuple[Finding, ...]) -> None:
        super().__init__(message, hint="see them all with exporter.check(source_dir) or: xbrl-export check SOURCE_DIR")
        self.findings = findings


def _packages(packages: Packages) -> list[str]:
    from exporter.taxonomy import resolve_packages

    return resolve_packages(packages)


def check(source_dir: Path | str, packages: Packages = (), *, strict: bool = False) -> tuple[Finding, ...]:
    """Read the report source in ``source_dir`` and run the checks of ``xbrl-export check`` on it:
    calculations, duplicate facts, signs, breakdowns, completeness, placeholders.

    Returns the findings (``exporter.checks.Finding``: ``severity``, ``code``, ``message``,
    ``locations``), errors first by kind of check; with ``strict`` warnings count as errors. A source
    that cannot be read at all raises ``ExporterError`` naming the file and line.
    """
    from exporter.checks import run_checks
    from exporter.checks import strict as warnings_as_errors
    from exporter.pipeline import load_report

    findings = run_checks(load_report(source_dir, _packages(packages)))
    return warnings_as_errors(findings) if strict else findings


def build(source_dir: Path | str, out_dir: Path | str, packages: Packages = (), *,
          formats: Collection[str] | None = None, strict: bool = False) -> Build:
    """Build the report source in ``source_dir`` into ``out_dir``, as ``xbrl-export build`` does.

    ``formats`` are names of ``exporter.emitters.FORMATS`` (by default xBRL-JSON and Inline XBRL);
    the extension taxonomy is always written. The checks run first: when they find errors (with
    ``strict``, warnings too) ``ChecksFailed`` is raised, carrying the findings, and nothing is
    written. Returns ``exporter.pipeline.Build``: the report model and the files written.
    """
    from exporter.checks import run_checks
    from exporter.checks import strict as warnings_as_errors
    from exporter.emitters import DEFAULT_FORMATS
    from exporter.pipeline import build as run_build

    def gate(report: Report) -> None:
        # Unlike the command's gate this prints nothing: the findings travel with the exception.
        findings = run_checks(report)
        if strict:
            findings = warnings_as_errors(findings)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise ChecksFailed(f"nothing written: the checks found {len(errors)} error{'s' if len(errors) != 1 else ''}"
                               f", the first: [{errors[0].code}] {errors[0].message}", findings)

    return run_build(source_dir, out_dir, _packages(packages), gate=gate,
                     formats=DEFAULT_FORMATS if formats is None else formats)


def validate(path: Path | str, packages: Packages = ()) -> Validation:
    """Validate a built report (xBRL-JSON ``.json``, Inline XBRL ``.htm``, ``.xbrl``) with Arelle, as
    ``xbrl-export validate`` does: XBRL 2.1, Dimensions, Calculations 1.1, inconsistent duplicates,
    the Unit Type Registry.

    Returns ``exporter.validation.Validation``: ``ok`` (no errors), ``errors``, ``warnings``,
    ``messages`` (each with Arelle's code) and ``fact_count``.
    """
    from exporter.validation import validate_report

    return validate_report(path, _packages(packages))


def import_text(exhibit: Path | str, out_dir: Path | str | None = None, packages: Packages = (), *,
                fiscal_year_end: str | None = None, force: bool = False) -> ImportResult:
    """Import a legacy EDGAR text exhibit (a press release or 10-Q as .txt) into a report source, as
    ``xbrl-export import-text`` does: every table with its periods and a suggested concept per line.

    Returns the import (``exporter.importers.model.ImportResult``: ``tables``, ``issues`` with the
    exhibit's line numbers, ``notes``); with ``out_dir`` the source files are written there too
    (an existing source is replaced only with ``force``). ``fiscal_year_end`` (``--07-31`` or
    ``July 31``) is for exhibits that do not state it.
    """
    try:
        from exporter.importers.periods import parse_fiscal_year_end
        from exporter.importers.suggest import load_suggester
        from exporter.importers.text import exhibit_text
        from exporter.importers.text import import_text as run_import
        from exporter.importers.writer import write_source
    except ImportError as exc:  # an installation without the importer
        raise ExporterError(f"the text importer is not available in this installation ({exc})") from None

    exhibit = Path(exhibit)
    if fiscal_year_end is not None:
        parsed = parse_fiscal_year_end(fiscal_year_end)
        if parsed is None:
            raise ExporterError(f"fiscal year end {fiscal_year_end!r} is not a month and day; expected e.g. "
                                "--07-31 or 'July 31'")
        fiscal_year_end = parsed
    result = run_import(exhibit_text(exhibit), load_suggester(_packages(packages)), fiscal_year_end, exhibit.name)
    if out_dir is not None:
        write_source(result, Path(out_dir), force)
    return result


def view(report: Path | str, out: Path | str | None = None, packages: Packages = ()) -> Viewer:
    """Write Arelle's iXBRL viewer for a built Inline XBRL report, as ``xbrl-export view`` does: by
    default ``<report>-viewer.htm`` beside it, with ``ixbrlviewer.js`` beside the viewer; it opens
    from the file system with no network. Needs the ``viewer`` extra (``ixbrl-viewer``).
    """
    from exporter.viewer import make_viewer

    return make_viewer(report, out, _packages(packages))
