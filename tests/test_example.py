"""The ICC example end to end: built, read back by Arelle, validated, and compared with the seed.

tests/data/icc_seed_numbers.csv is a hand-made list of every number printed in the seed's tables,
read off the press release (not produced by this code): it is the oracle for "every number is a
fact with the right period, unit, sign and segment".
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.pipeline import build
from exporter.validation import validate_report
from tests.arelle_facts import ReadFact, read_facts
from tests.conftest import DATA, EXAMPLE

UNITS = {"USD": "USD", "shares": "shares", "USD/shares": "USD/shares", "pure": "pure"}


@pytest.fixture(scope="module")
def json_facts(built_example, packages: list[str]) -> list[ReadFact]:
    return read_facts(str(built_example.json_path), packages)


def tampered_copy(built_example, out: Path, fact_id: str, value: str) -> Path:
    """A copy of the built example in ``out`` whose JSON gives ``fact_id`` another value."""
    out.mkdir()
    for path in built_example.files:
        (out / path.name).write_bytes(path.read_bytes())
    document = json.loads((out / "icc-20031031.json").read_text(encoding="utf-8"))
    document["facts"][fact_id]["value"] = value
    (out / "icc-20031031.json").write_text(json.dumps(document), encoding="utf-8")
    return out


def dims(text: str) -> str:
    return ";".join(sorted(part for part in text.split(";") if part))


def oracle_rows() -> list[dict[str, str]]:
    with (DATA / "icc_seed_numbers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["value"] != "excluded":  # "0.530" and "0.53" are the same number
            text = format(Decimal(row["value"]), "f")
            row["value"] = text.rstrip("0").rstrip(".") if "." in text else text
    return rows


class TestIccExample:
    def test_arelle_validates_the_json_without_errors(self, built_example, packages: list[str]) -> None:
        result = validate_report(built_example.json_path, packages)
        assert [f"[{m.code}] {m.text}" for m in result.errors] == []
        assert result.fact_count == len(built_example.report.facts)

    def test_every_printed_number_is_a_fact(self, json_facts: list[ReadFact]) -> None:
        read = {(f.concept, f.start, f.end, f.dimensions, f.unit, f.value) for f in json_facts}
        missing = []
        tagged = 0
        for row in oracle_rows():
            if row["value"] == "excluded":
                continue
            tagged += 1
            key = (row["concept"], row["period_start"], row["period_end_or_instant"], dims(row["dimensions"]),
                   UNITS[row["unit"]], row["value"])
            if key not in read:
                missing.append(f"{row['table']} / {row['label']} / {row['printed']}: {key}")
        assert missing == []
        assert tagged == 203

    def test_no_fact_beyond_the_seed(self, json_facts: list[ReadFact]) -> None:
        expected = {(r["concept"], r["period_start"], r["period_end_or_instant"], dims(r["dimensions"]), r["value"])
                    for r in oracle_rows() if r["value"] != "excluded"}
        extra = [f.line() for f in json_facts if not f.concept.startswith("dei:")
                 and (f.concept, f.start, f.end, f.dimensions, f.value) not in expected]
        assert extra == []

    def test_fact_dump_is_pinned(self, json_facts: list[ReadFact]) -> None:
        """A readable dump, one fact per line, as Arelle reads the JSON: a diff shows what changed.

        Regenerate with ``python -m tests.dump_facts`` and review the diff against the seed."""
        pinned = (DATA / "icc-fy2004q1.facts.txt").read_text(encoding="utf-8").splitlines()
        assert [f.line() for f in json_facts] == pinned

    def test_cover_facts_and_placeholders(self, built_example) -> None:
        report = built_example.report
        cover = {str(f.concept.qname): f.value for f in report.facts if f.origin and f.origin.table == "cover"}
        assert cover["dei:EntityRegistrantName"] == "Internet Commerce Corporation"
        assert cover["dei:DocumentPeriodEndDate"] == "2003-10-31"
        assert cover["dei:TradingSymbol"] == "ICCA"
        assert {p.what for p in report.placeholders} == {
            "entity identifier", "dei:DocumentType", "dei:EntityCentralIndexKey"}

    def test_output_is_deterministic(self, built_example, tmp_path: Path, packages: list[str]) -> None:
        again = build(EXAMPLE, tmp_path / "again", packages)
        first = {p.name: p.read_bytes() for p in built_example.files}
        second = {p.name: p.read_bytes() for p in again.files}
        assert first == second

    def test_extension_taxonomy_files(self, built_example) -> None:
        names = sorted(p.name for p in built_example.files)
        assert {"icc-20031031.xsd", "icc-20031031_lab.xml", "icc-20031031_pre.xml", "icc-20031031_cal.xml",
                "icc-20031031_def.xml", "icc-20031031.json"} <= set(names)
        document = json.loads(built_example.json_path.read_text(encoding="utf-8"))
        assert document["documentInfo"]["taxonomy"] == ["icc-20031031.xsd"]
        schema = (built_example.json_path.parent / "icc-20031031.xsd").read_text(encoding="utf-8")
        assert 'schemaLocation="https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd"' in schema
        assert 'name="AdjustedEbitda"' in schema and 'name="IccNetMember"' in schema


class TestCli:
    def test_build_then_validate(self, tmp_path: Path, packages: list[str]) -> None:
        runner = CliRunner()
        package_args = [arg for p in packages for arg in ("--taxonomy-package", p)]
        built = runner.invoke(main, ["build", str(EXAMPLE), "--out", str(tmp_path / "out"), *package_args])
        assert built.exit_code == 0, built.output
        assert "placeholder entity identifier = '0000000000'" in built.output
        validated = runner.invoke(main, ["validate", str(tmp_path / "out" / "icc-20031031.json"),
                                         "--format", "json", *package_args])
        assert validated.exit_code == 0, validated.output
        verdict = json.loads(validated.stdout)
        assert (verdict["ok"], verdict["errors"]) == (True, 0)
        assert verdict["facts"] == 211

    def test_validate_reports_errors_with_exit_1(self, tmp_path: Path, built_example, packages: list[str]) -> None:
        out = tampered_copy(built_example, tmp_path / "broken", "f-balance_sheet-total_assets-AsOf20031031", "7300000")
        package_args = [arg for p in packages for arg in ("--taxonomy-package", p)]
        result = CliRunner().invoke(main, ["validate", str(out / "icc-20031031.json"), *package_args])
        assert result.exit_code == 1
        assert "[calc11e:inconsistentCalculationUsingRounding]" in result.output
        assert "INVALID" in result.output

    def test_bad_source_is_one_clear_message(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(main, ["build", str(tmp_path / "missing"), "--out", str(tmp_path / "out")])
        assert result.exit_code == 1
        assert result.output.startswith("error: ") and "Traceback" not in result.output
        assert not (tmp_path / "out").exists()

    def test_missing_taxonomy_package(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(tmp_path / "out"),
                                           "--taxonomy-package", str(tmp_path / "nope.zip")])
        assert result.exit_code == 1
        assert "nope.zip: taxonomy package not found" in result.output


class TestValidateDuplicates:
    def test_inconsistent_duplicate_fails_the_gate(self, tmp_path: Path, built_example, packages: list[str]) -> None:
        # Net loss Q1 FY2003 is tagged twice in the statement of operations; make one copy disagree.
        out = tampered_copy(built_example, tmp_path / "dup", "f-operations-net_loss_comprehensive-Q1FY2003", "-981000")
        result = validate_report(out / "icc-20031031.json", packages)
        assert not result.ok
        assert "arelle:duplicateFacts" in {m.code for m in result.errors}


class TestEdgarRules:
    def test_efm_rules_without_the_plugin_say_how_to_add_it(self, built_example, monkeypatch) -> None:
        monkeypatch.setenv("XBRL_EXPORTER_EDGAR_PLUGIN", "/nonexistent/EDGAR/validate")
        result = CliRunner().invoke(main, ["validate", str(built_example.json_path), "--rules", "efm"])
        assert result.exit_code == 1
        assert "error: the SEC EDGAR Filer Manual rules need Arelle's EDGAR plugin" in result.stderr
        assert "XBRL_EXPORTER_EDGAR_PLUGIN" in result.stderr and "Traceback" not in result.output
