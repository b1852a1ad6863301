"""The library surface of ``exporter``: build, check, validate, import_text, view (docs/library.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import exporter
from exporter.checks import count
from tests.conftest import EXAMPLE, SEED


def test_import_exporter_loads_nothing_heavy() -> None:
    # The functions import what they need when called: `import exporter` must not start Arelle.
    code = "import sys, exporter; print(sorted(m for m in sys.modules if m.split('.')[0] in ('arelle', 'lxml')))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_public_functions_are_documented() -> None:
    for name in ("build", "check", "validate", "import_text", "view"):
        function = getattr(exporter, name)
        assert name in exporter.__all__ and function.__doc__ and len(function.__doc__) > 80, name


def test_check_build_and_validate_the_example(tmp_path: Path, packages: list[str]) -> None:
    findings = exporter.check(EXAMPLE, packages)
    assert count(findings, "error") == 0
    result = exporter.build(EXAMPLE, tmp_path / "out", packages, formats=["json", "ixbrl"])
    assert {p.name for p in result.files} >= {"icc-20031031.json", "icc-20031031.htm", "icc-20031031.xsd"}
    verdict = exporter.validate(result.json_path, packages)
    assert verdict.ok and verdict.fact_count == len(result.report.facts)


def test_build_stops_on_check_errors_and_carries_the_findings(example_copy: Path, tmp_path: Path,
                                                              packages: list[str]) -> None:
    csv = example_copy / "tables" / "balance_sheet.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace('"$ 1,097"', '"$ 1,197"', 1), encoding="utf-8")
    with pytest.raises(exporter.ChecksFailed, match=r"nothing written: the checks found 1 error.*calculation") as info:
        exporter.build(example_copy, tmp_path / "out", packages)
    assert [f.code for f in info.value.findings if f.severity == "error"] == ["calculation.inconsistent"]
    assert not (tmp_path / "out").exists()
    # The same error is what check reports.
    assert count(exporter.check(example_copy, packages), "error") == 1


def test_import_text_writes_a_source_that_can_be_checked(tmp_path: Path, packages: list[str]) -> None:
    result = exporter.import_text(SEED, tmp_path / "source", packages)
    assert result.tables
    assert (tmp_path / "source" / "report.yaml").is_file()
    findings = exporter.check(tmp_path / "source", packages)
    assert count(findings, "error") == 0, [f.message for f in findings if f.severity == "error"]


def test_import_text_of_a_missing_exhibit(tmp_path: Path) -> None:
    with pytest.raises(exporter.ExporterError, match="cannot read the exhibit"):
        exporter.import_text(tmp_path / "nothing.txt")
