"""Batch builds (exporter/batch.py): many sources at once, on local processes or a Dask cluster; a
broken source fails the batch without stopping the others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import write_synthetic
from exporter.batch import Outcome, build_many, find_sources, read_source_list, summary_table
from exporter.errors import ExporterError
from exporter.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("alpha", "beta", "gamma")
BROKEN = "gamma"


@pytest.fixture(scope="module")
def catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    # The workers are new processes: let them share the concept catalog through a disk cache of
    # this module's own, rather than each loading US-GAAP through Arelle.
    return str(tmp_path_factory.mktemp("catalog-cache"))


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A folder of three small synthetic sources; gamma has a cell that is not a number."""
    folder = tmp_path / "sources"
    for index, name in enumerate(NAMES):
        write_synthetic(folder / name, 40 * (index + 1), concepts=5, periods=4)
    csv = folder / BROKEN / "tables" / "segment0.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(',"', ',"x', 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _cli(*args: str | Path, cache: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XBRL_EXPORTER_CACHE=cache, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "exporter", "build", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=600)


def _package_args(packages: list[str]) -> list[str]:
    return [arg for package in packages for arg in ("--taxonomy-package", package)]


def _check_written(out: Path) -> None:
    for name in NAMES:
        if name == BROKEN:
            assert not (out / name).exists(), "a failed report must write nothing"
        else:
            assert (out / name / "syn-20241231.json").is_file()
            assert (out / name / "syn-20241231.htm").is_file()


def test_a_folder_of_sources_is_built_on_every_core_and_one_broken_fails_the_batch(
        sources: Path, tmp_path: Path, packages: list[str], catalog_cache: str) -> None:
    out = tmp_path / "out"
    result = _cli(sources, "--out", out, "--jobs", "2", *_package_args(packages), cache=catalog_cache)
    assert result.returncode == 1, result.stderr
    _check_written(out)
    # The summary table: every report, its status, and why the broken one failed (file, line, column).
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["report", "status", "facts", "seconds", "output"]
    rows = {line.split()[0]: line for line in lines[1:4]}
    assert "built" in rows["alpha"] and str(out / "alpha") in rows["alpha"]
    assert "FAILED" in rows["gamma"] and "gamma/tables/segment0.csv:2 (column P2000Q1)" in rows["gamma"]
    assert "3 reports: 2 built, 1 failed" in result.stdout
    # Progress on stderr, one line per report as it finishes.
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert sorted(line.split()[2] for line in progress) == sorted(NAMES)
    assert {line.split("]")[0] for line in progress} == {"[1/3", "[2/3", "[3/3"}


def test_a_batch_writes_what_a_single_build_writes(sources: Path, tmp_path: Path, packages: list[str],
                                                   catalog_cache: str) -> None:
    out = tmp_path / "out"
    _cli(sources, "--out", out, "--jobs", "2", *_package_args(packages), cache=catalog_cache)
    single = build(sources / "beta", tmp_path / "single", packages)
    for path in single.files:
        assert (out / "beta" / path.name).read_bytes() == path.read_bytes()


def test_a_list_file_names_the_sources(sources: Path, tmp_path: Path, packages: list[str],
                                       catalog_cache: str) -> None:
    listing = tmp_path / "reports.txt"
    # Relative to the list file; comments and blank lines are skipped.
    listing.write_text(f"# this quarter\nsources/alpha\n\n{sources / 'beta'}\n", encoding="utf-8")
    assert read_source_list(listing) == [tmp_path / "sources" / "alpha", sources / "beta"]
    out = tmp_path / "out"
    result = _cli("--from-list", listing, "--out", out, "--jobs", "2", *_package_args(packages),
                  cache=catalog_cache)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "beta"]
    assert "2 reports: 2 built, 0 failed" in result.stdout


def test_a_source_folder_is_still_one_build(sources: Path, tmp_path: Path, packages: list[str],
                                            catalog_cache: str) -> None:
    result = _cli(sources / "alpha", "--out", tmp_path / "out", *_package_args(packages), cache=catalog_cache)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "syn-20241231.json").is_file()  # in OUT_DIR itself, as before


def test_bad_usage(sources: Path, tmp_path: Path, catalog_cache: str) -> None:
    result = _cli("--out", tmp_path / "out", cache=catalog_cache)
    assert result.returncode == 2 and "SOURCE_DIR, or --from-list" in result.stderr
    listing = tmp_path / "list.txt"
    listing.write_text("sources/alpha\n", encoding="utf-8")
    result = _cli(sources, "--from-list", listing, "--out", tmp_path / "out", cache=catalog_cache)
    assert result.returncode == 2 and "not both" in result.stderr
    result = _cli(sources, "--out", tmp_path / "out", "--scheduler-address", "tcp://localhost:8786",
                  cache=catalog_cache)
    assert result.returncode == 2 and "add --scheduler dask" in result.stderr
    listing.write_text("# nothing\n", encoding="utf-8")
    result = _cli("--from-list", listing, "--out", tmp_path / "out", cache=catalog_cache)
    assert result.returncode == 1 and "names no source folder" in result.stderr


def test_two_sources_of_the_same_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExporterError, match="two sources are named 'q1'"):
        build_many([tmp_path / "a" / "q1", tmp_path / "b" / "q1"], tmp_path / "out")


def test_find_sources_lists_the_folders_with_a_report(sources: Path) -> None:
    (sources / "notes").mkdir()
    assert [p.name for p in find_sources(sources)] == list(NAMES)


def test_dask_local_cluster_builds_the_same(sources: Path, tmp_path: Path, packages: list[str],
                                           catalog_cache: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.distributed")
    monkeypatch.setenv("XBRL_EXPORTER_CACHE", catalog_cache)  # for the worker processes
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []
    outcomes = build_many(find_sources(sources), out, packages, jobs=2, scheduler="dask",
                          progress=lambda outcome, done, total: seen.append((done, total)))
    assert [o.name for o in outcomes] == list(NAMES)  # in the order given, whatever the order finished
    assert [o.ok for o in outcomes] == [True, True, False]
    assert outcomes[0].facts == 40 and outcomes[1].facts == 80
    assert "is not a printed number" in (outcomes[2].error or "") and not outcomes[2].internal
    assert seen == [(1, 3), (2, 3), (3, 3)]
    _check_written(out)


def test_summary_table_lines_up() -> None:
    table = summary_table([Outcome("s/a", "a", "out/a", True, 1234, 7, 1.5),
                           Outcome("s/long-name", "long-name", "out/long-name", False, seconds=0.25,
                                   error="bad\n  hint: fix it")])
    assert table.splitlines() == [
        "report     status  facts  seconds  output",
        "a          built   1,234     1.50  out/a",
        "long-name  FAILED      -     0.25  bad",
    ]
