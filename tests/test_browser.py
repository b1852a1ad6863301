"""The Inline XBRL report in a real browser: headless Chromium renders the .htm as a reader sees it.

A browser reads a ``.htm`` file as HTML, not XML, so these tests catch what no XML tool can: markup
that an HTML parser nests differently, a header that shows, numbers that do not line up. Chromium is
required: without it the tests fail (CI installs the Debian package ``chromium``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from exporter.facts.report import Report

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
WINDOW = (1000, 4000)

# Run in the page after it is laid out; it reports what the browser made of the document: the
# visible text (innerText leaves out what is not rendered), the text of each table cell, and where
# each tagged fact is drawn. No "<" here: the script sits in an HTML document.
PROBE = """
(function () {
  var facts = {};
  document.querySelectorAll('[id^="f-"]').forEach(function (element) {
    var box = element.getBoundingClientRect();
    facts[element.id] = {
      text: element.textContent, parent: element.parentElement.tagName.toLowerCase(),
      parentClass: element.parentElement.className,
      left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width, height: box.height
    };
  });
  var tables = [];
  document.querySelectorAll('div.statement').forEach(function (section) {
    var rows = [];
    section.querySelectorAll('table.amounts tbody tr').forEach(function (row) {
      rows.push(Array.prototype.map.call(row.cells, function (cell) { return cell.innerText; }));
    });
    tables.push({id: section.id, rows: rows});
  });
  var probe = document.createElement('pre');
  probe.id = 'probe';
  probe.textContent = JSON.stringify({
    text: document.body.innerText, facts: facts, tables: tables,
    title: document.title, width: document.documentElement.scrollWidth, viewport: window.innerWidth
  });
  document.body.appendChild(probe);
})();
"""


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable; missing it is a failure, not a skip, so CI cannot pass without it."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is required for the browser tests: apt-get install -y chromium "
                    "(or set CHROMIUM to its path)")
    return path


def _chromium(executable: str, profile: Path, url: str, *options: str) -> subprocess.CompletedProcess[str]:
    command = [executable, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
               *options, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="session")
def report(built_example) -> Report:
    return built_example.report


@pytest.fixture(scope="session")
def rendered(built_example, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What Chromium rendered of the built .htm, reported by PROBE (added to a copy, at the end)."""
    htm = next(p for p in built_example.files if p.suffix == ".htm")
    folder = tmp_path_factory.mktemp("browser")
    page = folder / htm.name
    text = htm.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    page.write_text(text.replace("</body>", f"<script>{PROBE}</script></body>"), encoding="utf-8")
    dom = _chromium(chromium, folder / "profile", page.as_uri(), "--dump-dom").stdout
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert match, f"the probe did not run; Chromium printed:\n{dom[:2000]}"
    return json.loads(html.unescape(match.group(1)))


def test_statements_and_key_numbers_are_visible(rendered: dict[str, Any], report: Report) -> None:
    text = rendered["text"]
    assert report.title in text and report.entity_name.upper() in text
    for table in report.tables:
        assert table.title in text, table.title
    for number in ("3,103", "(818)", "7,229", "(82,631)", "13,797,567", "(0.07)", "61.5%"):
        assert number in text, number
    # Whole lines, as a reader copies them: the currency sign at the left of each column.
    for line in ("Services\t$\t3,103\t$\t3,050", "Net loss\t$\t(818)\t$\t(982)",
                 "Total assets\t$\t7,229\t$\t8,598", "Adjusted EBITDA loss\t($\t367)\t($\t604)"):
        assert line in text, line


def test_the_header_is_not_displayed(rendered: dict[str, Any], report: Report) -> None:
    text = rendered["text"]
    # The contexts' entity identifier, a unit's measure and the hidden cover facts are not on the page.
    for invisible in (report.entity.identifier, "iso4217:USD", "8-K", "icc-20031031.xsd", "--07-31"):
        assert invisible not in text, invisible
    for fact in report.facts:
        box = rendered["facts"][fact.id]
        if fact.id.startswith("f-cover-"):
            assert box["width"] == box["height"] == 0, fact.id
        else:
            assert box["width"] > 0 and box["height"] > 0, fact.id


def test_every_number_is_tagged_in_its_cell(rendered: dict[str, Any], report: Report) -> None:
    # The HTML parser kept each ix:nonFraction in the cell (or label) the XML puts it in.
    facts = rendered["facts"]
    assert sorted(facts) == sorted(f.id for f in report.facts)
    for fact in report.facts:
        if fact.id.startswith("f-cover-"):
            assert facts[fact.id]["parent"] == "ix:hidden", fact.id
        else:
            expected = "label" if "-label" in fact.id else "number"
            assert (facts[fact.id]["parent"], facts[fact.id]["parentClass"]) == ("td", expected), fact.id


def test_tables_render_as_printed(rendered: dict[str, Any], report: Report) -> None:
    assert [t["id"] for t in rendered["tables"]] == [f"table-{t.id}" for t in report.tables]
    for layout, table in zip(report.tables, rendered["tables"], strict=True):
        assert len(table["rows"]) == len(layout.lines), layout.id
        for line, cells in zip(layout.lines, table["rows"], strict=True):
            assert " ".join(cells[0].split()) == " ".join(line.label.split()), line.id
            shown = ["".join(cells[i:i + 2]) for i in range(1, len(cells), 2)]
            assert [re.sub(r"\s", "", s) for s in shown] == [re.sub(r"\s", "", c.text) for c in line.cells], line.id


def test_digits_line_up_in_each_column(rendered: dict[str, Any], report: Report) -> None:
    """As in the release, the last digits of a column align; parentheses and % hang to the right."""
    facts = rendered["facts"]
    for layout in report.tables:
        lefts = []
        for column in range(len(layout.column_headings)):
            ids = [line.cells[column].fact_id for line in layout.lines if line.cells[column].fact_id]
            rights = [facts[fact_id]["right"] for fact_id in ids]
            assert max(rights) - min(rights) < 1, (layout.id, column, rights)
            lefts.append((min(facts[fact_id]["left"] for fact_id in ids), max(rights)))
        # Columns in the printed order, left to right, none overlapping the next.
        assert all(a[1] < b[0] for a, b in pairwise(lefts)), (layout.id, lefts)
    assert rendered["width"] <= rendered["viewport"], "the page is wider than the window"


def test_screenshot(built_example, chromium: str, tmp_path: Path) -> None:
    """A screenshot of the page as a reader sees it (kept out of git: *.png) is a page of text."""
    from PIL import Image  # Pillow comes with Arelle

    htm = next(p for p in built_example.files if p.suffix == ".htm")
    shot = tmp_path / "icc-20031031.png"
    _chromium(chromium, tmp_path / "profile", htm.as_uri(), f"--screenshot={shot}")
    with Image.open(shot) as image:
        assert image.size == WINDOW
        histogram = image.convert("L").histogram()
    # Black text on white: mostly white, with a share of dark pixels that a blank page, a page that
    # failed to load or one that shows raw markup would not have.
    dark = sum(histogram[:128]) / sum(histogram)
    white = histogram[255] / sum(histogram)
    assert 0.005 < dark < 0.1 and white > 0.8, (dark, white)
