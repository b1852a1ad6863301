"""The pipeline as library calls: source → mapping → facts → emitters (→ validation)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from exporter.emitters import DEFAULT_FORMATS, FORMATS
from exporter.emitters.ixbrl import inline_xbrl
from exporter.emitters.output import write_files
from exporter.emitters.package import package_file, report_package
from exporter.emitters.taxonomy import taxonomy_files
from exporter.emitters.xbrlcsv import xbrl_csv
from exporter.emitters.xbrljson import xbrl_json
from exporter.emitters.xbrlxml import xbrl_instance
from exporter.facts.report import Report
from exporter.gcpause import without_gc
from exporter.mapping import map_source
from exporter.source import read_source
from exporter.taxonomy import load_catalog, load_profile


@dataclass(frozen=True, slots=True)
class Build:
    """What a build produced: the report model and the files written."""

    report: Report
    files: tuple[Path, ...]

    @property
    def json_path(self) -> Path:
        # By name: the xBRL-CSV metadata file is JSON too.
        return next(p for p in self.files if p.name == f"{self.report.name}.json")


@without_gc
def load_report(source_dir: Path | str, packages: Sequence[str] = ()) -> Report:
    """Read a source folder and map it to the report model (facts, extension taxonomy, layout)."""
    source = read_source(source_dir)
    catalog = load_catalog(load_profile(source.taxonomy), packages)
    return map_source(source, catalog)


@without_gc
def render(report: Report, formats: Collection[str] = DEFAULT_FORMATS) -> dict[str, bytes]:
    """The output files of a report in ``formats`` (of ``FORMATS``) and its extension taxonomy, by name,
    in memory; the files come in the order of ``FORMATS`` whatever the order asked."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise ValueError(f"unknown output formats {unknown}; choose from {', '.join(FORMATS)}" if unknown
                         else "no output format asked for")
    files = {f"{report.name}.json": xbrl_json(report).encode("utf-8")} if "json" in formats else {}
    if "ixbrl" in formats:
        files[f"{report.name}.htm"] = inline_xbrl(report)
    if "xbrl" in formats:
        files[f"{report.name}.xbrl"] = xbrl_instance(report)
    if "csv" in formats:
        files.update(xbrl_csv(report))
    if "xbri" in formats:
        inline = files.get(f"{report.name}.htm") or inline_xbrl(report)
        files[package_file(report.name)] = report_package(report.name, inline, taxonomy_files(report.extension))
    files.update(taxonomy_files(report.extension))
    return files


@without_gc  # see exporter/gcpause.py: the collector would walk the report at each of its stages
def build(source_dir: Path | str, out_dir: Path | str, packages: Sequence[str] = (),
          gate: Callable[[Report], None] | None = None, formats: Collection[str] = DEFAULT_FORMATS) -> Build:
    """Build a report source into ``out_dir``: the reports in ``formats`` (by default xBRL-JSON and
    Inline XBRL) and the extension taxonomy.

    Nothing is written unless every file could be produced; ``gate`` (e.g. the data-quality checks
    of ``exporter.checks.command.gate``) sees the report first and may stop the build by raising.
    """
    report = load_report(source_dir, packages)
    if gate is not None:
        gate(report)
    written = write_files(Path(out_dir), render(report, formats))
    return Build(report, tuple(written))
