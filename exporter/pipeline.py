"""The pipeline as library calls: source → mapping → facts → emitters (→ validation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from exporter.emitters.ixbrl import inline_xbrl
from exporter.emitters.output import write_files
from exporter.emitters.taxonomy import taxonomy_files
from exporter.emitters.xbrljson import xbrl_json
from exporter.facts.report import Report
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
        return next(p for p in self.files if p.suffix == ".json")


def load_report(source_dir: Path | str, packages: Sequence[str] = ()) -> Report:
    """Read a source folder and map it to the report model (facts, extension taxonomy, layout)."""
    source = read_source(source_dir)
    catalog = load_catalog(load_profile(source.taxonomy), packages)
    return map_source(source, catalog)


def render(report: Report) -> dict[str, bytes]:
    """Every output file of a report, by name, in memory."""
    files = {f"{report.name}.json": xbrl_json(report).encode("utf-8")}
    files[f"{report.name}.htm"] = inline_xbrl(report)
    files.update(taxonomy_files(report.extension))
    return files


def build(source_dir: Path | str, out_dir: Path | str, packages: Sequence[str] = ()) -> Build:
    """Build a report source into ``out_dir``: xBRL-JSON, Inline XBRL and the extension taxonomy.

    Nothing is written unless every file could be produced.
    """
    report = load_report(source_dir, packages)
    written = write_files(Path(out_dir), render(report))
    return Build(report, tuple(written))
