"""``xbrl-export view``: the Arelle iXBRL viewer for a built Inline XBRL report, working offline.

The viewer is Arelle's own plugin, the PyPI package ``ixbrl-viewer`` (the ``viewer`` extra): run
through Arelle with the taxonomy packages, it writes the report with its facts, concepts and labels
as one HTML file, and we have it copy its script, ``ixbrlviewer.js``, from the installed package
beside that file. The result opens from the file system with no network: no CDN, no server.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from exporter import arelle
from exporter.arelle import Message
from exporter.errors import ExporterError, Location, OutputError

SCRIPT_NAME = "ixbrlviewer.js"
INSTALL_HINT = "install it with: pip install 'xbrl-exporter[viewer]' (the PyPI package ixbrl-viewer)"


@dataclass(frozen=True, slots=True)
class Viewer:
    """A written viewer: the HTML file, the script beside it, and what Arelle said on the way."""

    path: Path
    script: Path
    messages: tuple[Message, ...]

    @property
    def warnings(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.is_error or m.level.upper() == "WARNING")


def default_viewer_path(report: Path | str) -> Path:
    """Where ``view`` writes the viewer when not told: ``<report>-viewer.htm`` beside the report."""
    report = Path(report)
    return report.with_name(f"{report.stem}-viewer.htm")


def viewer_plugin() -> tuple[str, Path]:
    """The installed viewer plugin (its module file, as Arelle loads plugins) and its built script.

    Raises ``ExporterError`` when ``ixbrl-viewer`` is not installed or ships no built script.
    """
    try:
        import iXBRLViewerPlugin
        from iXBRLViewerPlugin.constants import DEFAULT_VIEWER_PATH
    except ImportError:
        raise ExporterError("the iXBRL viewer is not installed", hint=INSTALL_HINT) from None
    script = Path(DEFAULT_VIEWER_PATH)
    if not script.is_file():
        # A source checkout of the plugin has no built script; the PyPI wheel has.
        raise ExporterError(f"the iXBRL viewer plugin has no built script at {script}", hint=INSTALL_HINT)
    return str(iXBRLViewerPlugin.__file__), script


def make_viewer(report: Path | str, out: Path | str | None = None, packages: Sequence[str] = ()) -> Viewer:
    """Write the iXBRL viewer of the Inline XBRL ``report`` to ``out`` (by default
    ``default_viewer_path(report)``), with ``ixbrlviewer.js`` copied beside it.

    Arelle loads the report with ``packages`` (offline when there are any). Nothing is written
    unless the viewer was made; an existing viewer and script at ``out`` are replaced.
    """
    report = Path(report)
    if not report.is_file():
        raise ExporterError("report not found", Location(str(report)),
                            hint="give a built Inline XBRL report, e.g. OUT/<name>.htm from xbrl-export build")
    plugin, script = viewer_plugin()
    target = Path(out) if out is not None else default_viewer_path(report)
    if target.resolve() == report.resolve():
        raise OutputError("the viewer would replace the report itself", Location(str(target)),
                          hint="choose another --out file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the viewer: {exc.strerror or exc}", Location(str(target))) from None
    try:
        _, messages = arelle.run(
            str(report.resolve()), packages, plugins=[plugin],
            # The options of the plugin's command line, by their dest names; the script is a local
            # file, so the plugin copies it beside the viewer instead of linking to a URL.
            plugin_options={
                "saveViewerDest": str(staging / target.name),
                "viewerURL": str(script),
                "viewerNoCopyScript": False,
                "validationMessages": False,
                "useStubViewer": False,
                "zipViewerOutput": False,
                "packageDownloadURL": None,
                "viewerBasenameSuffix": "",
            },
        )
        written, copied = staging / target.name, staging / SCRIPT_NAME
        if not written.is_file() or not copied.is_file():
            said = [m for m in messages if m.is_error or m.code.startswith("viewer:")]
            detail = "; ".join(f"[{m.code}] {m.text}" for m in said[:3])
            raise ExporterError("the iXBRL viewer could not be made" + (f": {detail}" if detail else ""),
                                Location(str(report)))
        try:
            # The script first: a viewer must never stand without the script it loads.
            os.replace(copied, target.parent / SCRIPT_NAME)
            os.replace(written, target)
        except OSError as exc:
            raise OutputError(f"cannot write the viewer: {exc.strerror or exc}", Location(str(target))) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Viewer(target, target.parent / SCRIPT_NAME, tuple(m for m in messages if not m.code.startswith("viewer:")))


@click.argument("report", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The viewer file to write. Default: REPORT's name with -viewer.htm, beside it. "
                   f"{SCRIPT_NAME} is written beside it.")
def view(report: Path, out: Path | None, taxonomy_packages: tuple[Path, ...], debug: bool) -> None:
    """Make the Arelle iXBRL viewer for REPORT (a built Inline XBRL .htm): the report with every fact
    clickable, showing its concept, period, dimensions and labels. It opens in a browser from the
    file system, offline. Needs the viewer extra: pip install 'xbrl-exporter[viewer]'."""
    from exporter.taxonomy import resolve_packages

    viewer = make_viewer(report, out, resolve_packages(taxonomy_packages))
    for message in viewer.warnings:
        click.echo(f"{message.level.lower()}: [{message.code}] {message.text}", err=True)
    click.echo(f"wrote {viewer.path} (and {viewer.script.name} beside it); open it in a browser: "
               f"{viewer.path.resolve().as_uri()}")
