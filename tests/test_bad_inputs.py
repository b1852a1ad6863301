"""The bad-input corpus: each case in tests/bad_inputs/ breaks the small valid source one way and
states the exact message ``xbrl-export build`` must give: exit 1, no traceback, no output files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from exporter.cli import main
from tests.sources import write_source

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def prepare(case: dict[str, Any], tmp_path: Path, packages: list[str]) -> tuple[list[str], Path]:
    """Write the broken source and return the build arguments and the output folder."""
    source = write_source(tmp_path / "src", **({"resolutions": case["resolutions"]} if "resolutions" in case else {}))
    for edit in case.get("edit", []):
        path = source / edit["file"]
        text = path.read_text(encoding="utf-8")
        if "replace" in edit:
            assert edit["replace"] in text, f"case does not apply: {edit['replace']!r} not in {edit['file']}"
            text = text.replace(edit["replace"], edit["with"], 1)
        elif "append" in edit:
            text += edit["append"]
        elif "whole" in edit:
            text = edit["whole"]
        if edit.get("latin1"):
            path.write_bytes((text + "caf\u00e9,0,Caf\u00e9,1\n").encode("latin-1"))
        else:
            path.write_text(text, encoding="utf-8")
    package_args = [arg for p in packages for arg in ("--taxonomy-package", p)]
    kind = case.get("package")
    if kind:
        package = tmp_path / f"{kind}.zip"
        if kind == "corrupt":
            package.write_bytes(b"PK\x03\x04 this is not a zip file")
        elif kind == "plain_zip":
            with zipfile.ZipFile(package, "w") as archive:
                archive.writestr("readme.txt", "no taxonomy here")
        elif kind == "unsafe_path":
            with zipfile.ZipFile(package, "w") as archive:
                archive.writestr("pkg/META-INF/taxonomyPackage.xml", "<taxonomyPackage/>")
                archive.writestr("../../evil.xsd", "<schema/>")
        package_args = ["--taxonomy-package", str(package)]
    out = tmp_path / "out"
    if case.get("out") == "file":
        out.write_text("not a folder", encoding="utf-8")
    return ["build", str(source), "--out", str(out), *package_args], out


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input(case_file: Path, tmp_path: Path, packages: list[str]) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    args, out = prepare(case, tmp_path, packages)
    result = CliRunner().invoke(main, args)
    stderr = result.stderr.replace(str(tmp_path) + "/", "TMP/")
    # The error is the last thing said; a build may report its checks before failing to write.
    message = stderr if stderr.startswith("error: ") else stderr[stderr.find("\nerror: ") + 1:]
    assert result.exit_code == 1, message
    assert "Traceback" not in result.output
    assert message == case["message"], case["case"]
    if case.get("out") != "file":
        assert not out.exists() or not any(out.iterdir())
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.tmp")]
    assert leftovers == []


def test_corpus_covers_the_documented_cases() -> None:
    names = {c.stem for c in CASES}
    assert {"malformed_yaml", "malformed_csv", "missing_required_field", "unknown_concept", "wrong_period_type",
            "wrong_unit", "text_in_number_cell", "wrong_scale_marker", "undefined_period", "duplicate_line_id",
            "member_not_on_axis", "package_missing", "package_corrupt", "package_not_a_taxonomy_package",
            "output_is_a_file"} <= names
