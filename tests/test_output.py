"""Outputs: all or nothing, and hostile text escaped in every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from exporter.cli import main
from exporter.emitters.output import write_files
from exporter.errors import OutputError
from exporter.pipeline import build
from tests.sources import INCOME_CSV, REPORT, write_source

HOSTILE = "<script>alert('x')</script> & \"quotes\" \u00dcber \u20ac \U0001F4B0 \u202e"


class TestWriteFiles:
    def test_failed_build_leaves_the_previous_output_untouched(self, tmp_path: Path, packages: list[str]) -> None:
        source = write_source(tmp_path / "src")
        out = tmp_path / "out"
        good = build(source, out, packages)
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        assert {p.name for p in good.files} <= set(before)
        (source / "tables" / "income.csv").write_text(INCOME_CSV.replace("(20)", "n/a"), encoding="utf-8")
        package_args = [arg for p in packages for arg in ("--taxonomy-package", p)]
        result = CliRunner().invoke(main, ["build", str(source), "--out", str(out), *package_args])
        assert result.exit_code == 1
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []

    def test_files_appear_only_complete(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        with pytest.raises(OutputError, match="outside the output folder"):
            write_files(out, {"a.json": b"{}", "../escape.txt": b"x"})
        assert not out.exists() and not (tmp_path / "escape.txt").exists()

    def test_other_files_in_the_folder_are_left_alone(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        (out / "notes.txt").write_text("mine", encoding="utf-8")
        write_files(out, {"a.json": b"{}"})
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
        assert (out / "a.json").read_bytes() == b"{}"


class TestHostileText:
    def test_labels_and_titles_are_escaped_everywhere(self, tmp_path: Path, packages: list[str]) -> None:
        quoted = json.dumps(HOSTILE, ensure_ascii=False)
        report = REPORT.replace("title: Example Co. results", f"title: {quoted}").replace(
            "name: Example Co.", f"name: {quoted}")
        csv = INCOME_CSV.replace("Cost of revenue", HOSTILE.replace('"', '""').join('""'))
        source = write_source(tmp_path / "src", report=report, income_csv=csv)
        result = build(source, tmp_path / "out", packages)
        for path in result.files:
            if path.suffix in (".htm", ".xml", ".xsd"):
                root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
                text = "".join(root.itertext())
                if path.suffix == ".htm":
                    assert HOSTILE in text  # shown as text, never as markup
                    assert root.find(".//{http://www.w3.org/1999/xhtml}script") is None
            elif path.suffix == ".json":
                json.loads(path.read_text(encoding="utf-8"))
        labels = (tmp_path / "out" / "ex-20241231_lab.xml").read_text(encoding="utf-8")
        assert "&lt;script&gt;" in labels
