"""``xbrl-export view``: Arelle's iXBRL viewer for the built report, opened in a real headless Chromium.

Playwright drives Debian's chromium (it downloads no browser of its own). The viewer is opened from
a file:// URL with every other request refused, as a reader without a network would open it; a
click on a number must show that fact's concept and period in the viewer's inspector. The viewer
(``ixbrl-viewer``), Playwright and Chromium are required: without them the tests fail, not skip.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.facts.model import Fact, Period
from exporter.facts.report import Report
from exporter.viewer import SCRIPT_NAME, Viewer, default_viewer_path, make_viewer, viewer_plugin
from tests.conftest import EXAMPLE

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# The viewer adds this class to its root once it has read the facts and laid out the inspector.
LOADED = "#ixv.post-processing-complete"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def plugin_script() -> Path:
    """The script the installed viewer plugin ships; missing it is a failure, not a skip."""
    try:
        return viewer_plugin()[1]
    except ExporterError as exc:
        pytest.fail(f"the iXBRL viewer is required for these tests: {exc}")


@pytest.fixture(scope="module")
def built_report(built_example, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the built example (the .htm with its extension taxonomy), to write viewers beside."""
    htm = next(p for p in built_example.files if p.suffix == ".htm")
    folder = tmp_path_factory.mktemp("built")
    for path in htm.parent.iterdir():
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder / htm.name


@pytest.fixture(scope="module")
def viewer(built_report: Path, packages: list[str], plugin_script: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Viewer:
    """The viewer of the example, written into a folder of its own (not beside the report)."""
    return make_viewer(built_report, tmp_path_factory.mktemp("viewer") / "icc-viewer.htm", packages)


# --- the file ------------------------------------------------------------------------------------

def test_the_viewer_carries_its_script_beside_it(viewer: Viewer, plugin_script: Path) -> None:
    assert viewer.path.is_file()
    assert viewer.script == viewer.path.parent / SCRIPT_NAME
    assert viewer.script.read_bytes() == plugin_script.read_bytes()
    text = viewer.path.read_text(encoding="utf-8")
    # Loaded by a relative reference, so that the pair works wherever it is copied.
    assert re.search(rf'<script[^>]*\bsrc="{re.escape(SCRIPT_NAME)}"', text)
    # Nothing is fetched from elsewhere: no script, style sheet or image from a URL.
    assert not re.search(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', text, re.IGNORECASE)
    assert not viewer.warnings, viewer.warnings


def test_the_viewer_holds_the_report_and_its_facts(viewer: Viewer, built_example) -> None:
    text = viewer.path.read_text(encoding="utf-8")
    assert 'type="application/x.ixbrl-viewer+json"' in text
    for fact in built_example.report.facts:
        assert f'id="{fact.id}"' in text, fact.id


def test_view_command_writes_beside_the_report_by_default(built_report: Path, packages: list[str],
                                                         plugin_script: Path, tmp_path: Path) -> None:
    report = tmp_path / built_report.name
    for path in built_report.parent.iterdir():
        shutil.copy2(path, tmp_path / path.name)
    args = ["view", str(report), *(f"--taxonomy-package={p}" for p in packages)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    expected = default_viewer_path(report)
    assert expected == tmp_path / "icc-20031031-viewer.htm"
    assert expected.is_file() and (tmp_path / SCRIPT_NAME).is_file()
    assert expected.as_uri() in result.output
    # No half-written staging folder is left behind.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_build_with_viewer(packages: list[str], plugin_script: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE), "--out", str(out), "--viewer", *(f"--taxonomy-package={p}" for p in packages)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (out / "icc-20031031-viewer.htm").is_file() and (out / SCRIPT_NAME).is_file()
    assert "icc-20031031-viewer.htm (iXBRL viewer" in result.output
    # Without the Inline XBRL report there is nothing to view: bad usage, and nothing is built.
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(tmp_path / "json"), "--format", "json",
                                       "--viewer"])
    assert result.exit_code == 2 and "--viewer needs the Inline XBRL report" in result.output
    assert not (tmp_path / "json").exists()


def test_view_without_the_viewer_installed(built_report: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # As if ixbrl-viewer were not installed: importing the plugin fails.
    monkeypatch.setitem(sys.modules, "iXBRLViewerPlugin", None)
    monkeypatch.setitem(sys.modules, "iXBRLViewerPlugin.constants", None)
    out = tmp_path / "viewer.htm"
    result = CliRunner().invoke(main, ["view", str(built_report), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "the iXBRL viewer is not installed" in result.output
    assert "pip install 'xbrl-exporter[viewer]'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_view_of_a_missing_report(tmp_path: Path, plugin_script: Path) -> None:
    result = CliRunner().invoke(main, ["view", str(tmp_path / "nothing.htm")])
    assert result.exit_code == 1
    assert "report not found" in result.output


def test_view_of_a_report_that_is_not_inline_xbrl(built_example, packages: list[str], plugin_script: Path,
                                                  tmp_path: Path) -> None:
    # The xBRL-JSON report has no page to show: the plugin makes no viewer, and that is an error.
    with pytest.raises(ExporterError, match="the iXBRL viewer could not be made"):
        make_viewer(built_example.json_path, tmp_path / "viewer.htm", packages)
    assert not (tmp_path / "viewer.htm").exists()


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium_path() -> str:
    """The Chromium executable; missing it is a failure, not a skip, so CI cannot pass without it."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is required for the viewer tests: apt-get install -y chromium "
                    "(or set CHROMIUM to its path)")
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Chromium under Playwright with a fresh profile; every request that is not for a local file
    is refused and recorded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is required for the viewer tests: pip install '.[test]'")
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=chromium_path, headless=True,
            args=FLAGS, viewport={"width": 1400, "height": 1000})

        def refuse_the_network(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", refuse_the_network)
        try:
            yield {"context": context, "outside": outside, "errors": errors}
        finally:
            context.close()


@pytest.fixture(scope="module")
def page(browser: dict[str, Any], viewer: Viewer) -> Any:
    """The viewer, opened from its file and loaded."""
    page = browser["context"].new_page()
    page.on("pageerror", lambda error: browser["errors"].append(str(error)))
    page.goto(viewer.path.resolve().as_uri())
    page.wait_for_selector(LOADED, state="attached", timeout=TIMEOUT_MS)
    return page


def _day(day: Any) -> str:
    """A date as the viewer writes it: ``1 Aug 2003``."""
    return f"{day.day} {day:%b %Y}"


def _period_text(period: Period) -> str:
    return _day(period.end) if period.start is None else f"{_day(period.start)} to {_day(period.end)}"


def _fact(report: Report, printed: str, instant: bool) -> Fact:
    """The fact printed as ``printed`` (the first, in a table without dimensions)."""
    return next(f for f in report.facts if f.shown is not None and f.shown.text == printed
                and f.context.period.is_instant == instant and not f.context.dimensions)


def test_the_viewer_loads_offline(page: Any, browser: dict[str, Any], built_example) -> None:
    report = built_example.report
    assert browser["outside"] == [], "the viewer asked the network for " + ", ".join(browser["outside"])
    assert browser["errors"] == []
    # The report is shown in the viewer's document pane...
    document = page.frame_locator("#iframe-container iframe")
    assert report.title in " ".join(document.locator("body").inner_text().split())
    # ...and the inspector lists the report's sections, one per statement.
    sections = page.locator(".facts-by-group .section-label").all_inner_texts()
    for table in report.tables:
        assert any(" ".join(table.title.split()) in s for s in sections), (table.title, sections)


@pytest.mark.parametrize(("printed", "instant"), [("3,103", False), ("7,229", True)],
                         ids=["revenue (duration)", "total assets (instant)"])
def test_clicking_a_number_shows_its_concept_and_period(page: Any, built_example, printed: str,
                                                       instant: bool) -> None:
    fact = _fact(built_example.report, printed, instant)
    page.frame_locator("#iframe-container iframe").locator(f"[id='{fact.id}']").click()
    page.wait_for_function(
        "name => (document.querySelector('.concept-name-title') || {}).textContent === name",
        arg=str(fact.concept.qname), timeout=TIMEOUT_MS)
    details = " ".join(page.locator(".fact-inspector-body").inner_text().split())
    assert _period_text(fact.context.period) in details, details
    assert f"{int(fact.value):,}" in details, details  # the value, with its scale applied
    # The inspector says which fact of how many is selected.
    assert re.search(rf"\d+ of {len(built_example.report.facts)}\b", page.locator(".tag-nav-all-facts").inner_text())


def test_screenshot_of_the_viewer(page: Any, tmp_path: Path) -> None:
    """A screenshot (in a temporary folder, never in git) shows the page and the inspector side by side."""
    from PIL import Image  # Pillow comes with Arelle

    shot = tmp_path / "viewer.png"
    page.screenshot(path=str(shot))
    with Image.open(shot) as image:
        assert image.size == (1400, 1000)
        histogram = image.convert("L").histogram()
    # A page of text: mostly light, with a share of dark pixels that a blank or failed page lacks.
    dark = sum(histogram[:128]) / sum(histogram)
    assert 0.005 < dark < 0.3, dark
