"""The XBRL 2.1 instance (.xbrl), xBRL-CSV and report package (.xbri) outputs: valid in Arelle, and
the same facts as the JSON.

Arelle loads take seconds, so each output is validated once and read once per module; the other
tests look at the files themselves.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
from arelle.oim.Load import csvCellValue
from click.testing import CliRunner
from lxml import etree

from exporter.cli import main
from exporter.emitters import DEFAULT_FORMATS
from exporter.emitters.package import package_file
from exporter.emitters.xbrlcsv import _cell, facts_file, metadata_file, xbrl_csv
from exporter.emitters.xbrlxml import XBRLDI, XBRLI, xbrl_instance
from exporter.pipeline import render
from exporter.validation import Validation, validate_report
from tests.arelle_facts import ReadFact, read_facts
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def outputs(built_example, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The .xbrl, xBRL-CSV and .xbri files of the example, beside their extension taxonomy."""
    folder = tmp_path_factory.mktemp("formats")
    for name, content in render(built_example.report, ("xbrl", "csv", "xbri")).items():
        (folder / name).write_bytes(content)
    report = built_example.report
    return {"xbrl": folder / f"{report.name}.xbrl", "csv": folder / metadata_file(report),
            "xbri": folder / package_file(report.name)}


@pytest.fixture(scope="module")
def validations(outputs: dict[str, Path], packages: list[str]) -> dict[str, Validation]:
    return {kind: validate_report(path, packages) for kind, path in outputs.items()}


@pytest.fixture(scope="module")
def facts(built_example, outputs: dict[str, Path], packages: list[str]) -> dict[str, list[ReadFact]]:
    read = {kind: read_facts(str(outputs[kind]), packages) for kind in ("xbrl", "csv")}
    read["json"] = read_facts(str(built_example.json_path), packages)
    return read


def without_ids(facts: list[ReadFact]) -> list[ReadFact]:
    return sorted(dataclasses.replace(fact, id="") for fact in facts)


def parse(content: bytes) -> etree._Element:
    return etree.fromstring(content)


class TestArelle:
    @pytest.mark.parametrize("kind", ["xbrl", "csv", "xbri"])
    def test_valid_without_errors(self, kind: str, validations: dict[str, Validation], built_example) -> None:
        result = validations[kind]
        assert [f"[{m.code}] {m.text}" for m in result.errors] == []
        assert result.fact_count == len(built_example.report.facts) == 211

    def test_xbrl_has_the_json_facts_and_ids(self, facts: dict[str, list[ReadFact]]) -> None:
        assert len(facts["xbrl"]) == 211
        assert facts["xbrl"] == facts["json"]  # concept, period, dimensions, unit, value, decimals and id

    def test_csv_has_the_json_facts(self, facts: dict[str, list[ReadFact]]) -> None:
        assert len(facts["csv"]) == 211
        assert without_ids(facts["csv"]) == without_ids(facts["json"])

    def test_csv_fact_ids_lead_back_to_the_model(self, facts: dict[str, list[ReadFact]], built_example) -> None:
        # xBRL-CSV names a fact <table>.r_<row id>.<column>; the row id is the model's fact id.
        ids = {fact.id.removeprefix("facts.r_").removesuffix(".value") for fact in facts["csv"]}
        assert ids == {fact.id for fact in built_example.report.facts}


class TestXbrlInstance:
    def test_deterministic(self, built_example) -> None:
        assert xbrl_instance(built_example.report) == xbrl_instance(built_example.report)

    def test_structure(self, built_example) -> None:
        report = built_example.report
        content = xbrl_instance(report)
        root = parse(content)
        schema_ref = root[0]
        assert schema_ref.tag == "{http://www.xbrl.org/2003/linkbase}schemaRef"
        assert schema_ref.get("{http://www.w3.org/1999/xlink}href") == report.extension.schema_file
        # Namespaces are declared once, in the root's start tag (after the XML declaration).
        _declaration, root_tag, rest = content.split(b">", 2)
        assert b"xmlns" not in rest
        assert root_tag.count(b"xmlns:") == len(root.nsmap)
        contexts = root.findall(f"{{{XBRLI}}}context")
        assert len(contexts) == len({fact.context for fact in report.facts})
        assert len({c.get("id") for c in contexts}) == len(contexts)
        units = root.findall(f"{{{XBRLI}}}unit")
        assert len(units) == len({fact.unit for fact in report.facts if fact.unit is not None})
        facts = [e for e in root if e.get("contextRef") is not None]
        assert [e.get("id") for e in facts] == [fact.id for fact in report.facts]

    def test_units_divide(self, built_example) -> None:
        root = parse(xbrl_instance(built_example.report))
        divide = root.find(f"{{{XBRLI}}}unit[@id='u-USD-per-shares']/{{{XBRLI}}}divide")
        assert divide is not None
        assert [m.text for m in divide.iter(f"{{{XBRLI}}}measure")] == ["iso4217:USD", "xbrli:shares"]

    @pytest.mark.parametrize("container", ["segment", "scenario"])
    def test_dimensions_go_in_the_report_container(self, built_example, container: str) -> None:
        report = dataclasses.replace(built_example.report, dimension_container=container)
        root = parse(xbrl_instance(report))
        members = root.findall(f".//{{{XBRLDI}}}explicitMember")
        dimensional = {fact.context for fact in report.facts if fact.context.dimensions}
        assert len(members) == sum(len(context.dimensions) for context in dimensional)
        assert {member.getparent().tag for member in members} == {f"{{{XBRLI}}}{container}"}
        if container == "scenario":  # XBRL 2.1: the scenario follows the period
            assert all(m.getparent().getprevious().tag == f"{{{XBRLI}}}period" for m in members)


class TestXbrlCsv:
    def test_deterministic(self, built_example) -> None:
        assert xbrl_csv(built_example.report) == xbrl_csv(built_example.report)

    def test_metadata_and_one_row_per_fact(self, built_example) -> None:
        report = built_example.report
        files = xbrl_csv(report)
        assert list(files) == [metadata_file(report), facts_file(report)]
        metadata = json.loads(files[metadata_file(report)])
        assert metadata["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv"
        assert metadata["documentInfo"]["taxonomy"] == [report.extension.schema_file]
        assert metadata["tables"]["facts"]["url"] == facts_file(report)
        value_column = metadata["tableTemplates"]["facts"]["columns"]["value"]
        axes = {str(axis) for fact in report.facts for axis, _ in fact.context.dimensions}
        assert axes <= set(value_column["dimensions"])
        rows = list(csv.DictReader(io.StringIO(files[facts_file(report)].decode("utf-8"), newline="")))
        assert [row["id"] for row in rows] == [fact.id for fact in report.facts]

    def test_empty_cells_mean_no_dimension_unit_or_decimals(self, built_example) -> None:
        report = built_example.report
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
            xbrl_csv(report)[facts_file(report)].decode("utf-8"), newline=""))}
        cover = rows["f-cover-DocumentType"]
        assert (cover["unit"], cover["decimals"], cover["ProductOrServiceAxis"],
                cover["StatementBusinessSegmentsAxis"]) == ("", "", "", "")
        percent = next(fact for fact in report.facts if fact.unit is not None and fact.unit.oim() == "xbrli:pure")
        assert rows[percent.id]["unit"] == ""  # OIM: xbrli:pure is the unit of a numeric fact without one

    @pytest.mark.parametrize("value", ["#1 provider", "##", "", "plain", "a,b \"quoted\"", None])
    def test_values_survive_special_cell_values(self, value: str | None) -> None:
        # Arelle's own reading of a cell is the reference: #nil, #empty and ## escaping.
        assert csvCellValue(_cell(value)) == value


class TestReportPackage:
    def test_layout_and_determinism(self, built_example, outputs: dict[str, Path]) -> None:
        report = built_example.report
        content = outputs["xbri"].read_bytes()
        assert render(report, ["xbri"])[package_file(report.name)] == content
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            package_json = json.loads(archive.read(f"{report.name}/META-INF/reportPackage.json"))
            inline = archive.read(f"{report.name}/reports/{report.name}.htm")
        assert package_json == {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023/xbri"}}
        assert inline == render(report, ["ixbrl"])[f"{report.name}.htm"]
        assert f"{report.name}/reports/{report.extension.schema_file}" in names
        assert {name.split("/")[0] for name in names} == {report.name}  # one top-level folder


class TestSelection:
    def test_default_formats_are_json_and_ixbrl(self, built_example) -> None:
        report = built_example.report
        names = set(render(report))
        assert DEFAULT_FORMATS == ("json", "ixbrl")
        assert {f"{report.name}.json", f"{report.name}.htm", report.extension.schema_file} <= names
        assert not {f"{report.name}.xbrl", metadata_file(report)} & names

    def test_formats_in_a_fixed_order(self, built_example) -> None:
        report = built_example.report
        files = list(render(report, ["csv", "xbrl"]))
        assert files[:3] == [f"{report.name}.xbrl", metadata_file(report), facts_file(report)]
        assert report.extension.schema_file in files
        assert not any(name in files for name in (f"{report.name}.json", f"{report.name}.htm"))

    @pytest.mark.parametrize("formats", [["pdf"], []])
    def test_unknown_or_no_format(self, built_example, formats: list[str]) -> None:
        with pytest.raises(ValueError, match="format"):
            render(built_example.report, formats)

    def test_cli_format_option(self, tmp_path: Path, packages: list[str]) -> None:
        package_args = [arg for p in packages for arg in ("--taxonomy-package", p)]
        out = tmp_path / "out"
        result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out), "--format", "xbrl,csv",
                                           "--format", "json", *package_args])
        assert result.exit_code == 0, result.output
        written = {path.name for path in out.iterdir()}
        assert {"icc-20031031.json", "icc-20031031.xbrl", "icc-20031031-metadata.json",
                "icc-20031031-facts.csv", "icc-20031031.xsd"} <= written
        assert "icc-20031031.htm" not in written

    def test_cli_rejects_an_unknown_format(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(tmp_path / "out"),
                                           "--format", "json,pdf"])
        assert result.exit_code == 2
        assert "unknown format pdf" in result.output
        assert not (tmp_path / "out").exists()
