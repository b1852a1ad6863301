"""``xbrl-export taxonomy list|add|remove|check``: the taxonomy packages in use, and the user's own.

``exporter.cli`` registers the group built by ``taxonomy_commands`` with its shared options
(taxonomy packages, ``--debug``, the error guard), passed in so that this module does not import
the command line module (which imports it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from exporter.errors import TaxonomyError
from exporter.taxonomy.metadata import Note, PackageInfo, check_taxonomy_package, read_package_info
from exporter.taxonomy.packages import ENV_VAR, package_sources
from exporter.taxonomy.user_config import CONFIG_ENV_VAR, add_package, packages_file, remove_package

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

EXIT_OK, EXIT_FINDINGS = 0, 1


def taxonomy_commands(packages_option: Decorator, debug_option: Decorator, guard: Decorator) -> click.Group:
    """The ``taxonomy`` command group, its commands given the command line's shared options."""

    @click.group("taxonomy")
    def taxonomy() -> None:
        """The taxonomy packages in use: list them, add one for every later command, check one.

        With packages (--taxonomy-package, XBRL_TAXONOMY_PACKAGES, or added with `taxonomy add`)
        Arelle reads the official taxonomies from them, offline. Without any it downloads them and
        keeps them in its web cache."""

    @taxonomy.command("list")
    @click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                  show_default=True, help="Report format; json is for machines.")
    @packages_option
    @debug_option
    @guard
    def list_command(output_format: str, taxonomy_packages: tuple[Path, ...], debug: bool) -> None:
        """List the taxonomy packages in use, where each comes from, and the URLs it resolves."""
        sources = package_sources(taxonomy_packages)
        infos = [read_package_info(path) for path in sources]
        if output_format == "json":
            click.echo(json.dumps({
                "offline": bool(infos),
                "web_cache": None if infos else _web_cache(),
                "user_packages_file": str(packages_file() or ""),
                "packages": [_info_json(info, sources[info.path]) for info in infos],
            }, indent=2))
            return
        if not infos:
            click.echo(_online_note())
            return
        click.echo(f"{len(infos)} taxonomy package{'s' if len(infos) != 1 else ''} in use; Arelle reads the "
                   "URLs they resolve from them, offline:")
        for info in infos:
            click.echo("")
            click.echo("\n".join(_describe(info, sources[info.path])))

    @taxonomy.command("add")
    @click.argument("package", type=click.Path(path_type=Path))
    @debug_option
    @guard
    def add_command(package: Path, debug: bool) -> None:
        """Check PACKAGE (a taxonomy package zip, or a folder of them) and add it to your list, so that
        every later command uses it as if given with --taxonomy-package."""
        zips = sorted(package.glob("*.zip")) if package.is_dir() else [package]
        if package.is_dir() and not zips:
            raise TaxonomyError(f"{package}: folder holds no taxonomy package (.zip)")
        infos = []
        for path in zips:
            info = read_package_info(path)  # checks the zip itself first (check_package)
            if errors := [n for n in info.notes if n.level == "error"]:
                raise TaxonomyError(f"{path}: not added: {errors[0].message} [{errors[0].code}]",
                                    hint=f"see every problem with: xbrl-export taxonomy check {path}")
            infos.append(info)
        added = add_package(package)
        where = packages_file()
        click.echo(f"{'added' if added else 'already added'}: {package.resolve()} (listed in {where})")
        for info in infos:
            click.echo("\n".join(_describe(info, "taxonomy add")))

    @taxonomy.command("remove")
    @click.argument("package", type=click.Path(path_type=Path))
    @debug_option
    @guard
    def remove_command(package: Path, debug: bool) -> None:
        """Take PACKAGE off your list of added packages (the file itself is left alone)."""
        if not remove_package(package):
            raise TaxonomyError(f"{package} is not on the list of added taxonomy packages ({packages_file()})",
                                hint="see the packages in use with: xbrl-export taxonomy list")
        click.echo(f"removed: {package} (from {packages_file()})")

    @taxonomy.command("check")
    @click.argument("package", type=click.Path(path_type=Path))
    @click.option("--no-load", is_flag=True, help="Do not load the entry points with Arelle.")
    @click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                  show_default=True, help="Report format; json is for machines.")
    @packages_option
    @debug_option
    @guard
    def check_command(package: Path, no_load: bool, output_format: str, taxonomy_packages: tuple[Path, ...],
                      debug: bool) -> None:
        """Check PACKAGE as an XBRL Taxonomy Package: a safe zip in one folder, its metadata and
        catalog, every URL mapping and entry point resolving inside it, and Arelle loading each
        entry point offline. The packages in use (--taxonomy-package and the others) are loaded
        beside it, for what its entry points import. Exit 0 when there are no errors."""
        others = list(package_sources(taxonomy_packages))
        result = check_taxonomy_package(package, others, load=not no_load)
        info = result.info
        if output_format == "json":
            click.echo(json.dumps({
                **_info_json(info, None),
                "ok": result.ok,
                "errors": len(result.errors),
                "warnings": len(result.warnings),
                "checks": [{"level": n.level, "code": n.code, "message": n.message} for n in result.notes],
            }, indent=2))
        else:
            click.echo(f"{package}: {_title(info)}")
            for note in _ordered(result.notes):
                click.echo(f"  {note.level}: {note.message}" + (f" [{note.code}]" if note.level != "ok" else ""))
            verdict = "a valid taxonomy package" if result.ok else "INVALID"
            click.echo(f"{package}: {verdict}: {len(result.errors)} errors, {len(result.warnings)} warnings")
        sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)

    return taxonomy


def _ordered(notes: tuple[Note, ...]) -> list[Note]:
    """What passed first, then the warnings and errors, each in the order found."""
    rank = {"ok": 0, "warning": 1, "error": 2}
    return sorted(notes, key=lambda n: rank[n.level])


def _title(info: PackageInfo) -> str:
    name = info.name or info.identifier or "(unnamed package)"
    return f"{name}" + (f", version {info.version}" if info.version else "")


def _describe(info: PackageInfo, origin: str) -> list[str]:
    lines = [f"{info.path}  (from {origin})", f"  {_title(info)}"]
    if info.rewrites:
        lines.append("  resolves:")
        lines.extend(f"    {r.start}" for r in info.rewrites)
    else:
        lines.append("  resolves no URL (no rewriteURI in META-INF/catalog.xml)")
    if info.entry_points:
        lines.append("  entry points:")
        lines.extend(f"    {url}  ({entry.name})" if entry.name else f"    {url}"
                     for entry in info.entry_points for url in entry.documents)
    for note in info.notes:
        lines.append(f"  {note.level}: {note.message} [{note.code}]")
    return lines


def _info_json(info: PackageInfo, origin: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"path": info.path}
    if origin is not None:
        data["from"] = origin
    data.update({
        "identifier": info.identifier,
        "name": info.name,
        "version": info.version,
        "publisher": info.publisher,
        "resolves": [{"prefix": r.start, "to": r.target} for r in info.rewrites],
        "entry_points": [{"name": e.name, "documents": list(e.documents)} for e in info.entry_points],
    })
    return data


def _web_cache() -> str:
    from exporter.arelle import web_cache_dir

    return web_cache_dir()


def _online_note() -> str:
    return (f"no taxonomy packages in use (none given with --taxonomy-package or {ENV_VAR}, none added with "
            "`xbrl-export taxonomy add`).\n"
            "Arelle works online: it downloads the official taxonomies from their URLs and keeps them in its "
            f"web cache, {_web_cache()}\n"
            f"Your list of added packages is kept in {packages_file() or '(no home folder)'} "
            f"(set {CONFIG_ENV_VAR} to move it).")
