"""Taxonomy packages (XBRL Taxonomy Packages 1.0): find them, and check them before Arelle sees them."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from exporter.errors import Location, TaxonomyError
from exporter.taxonomy.user_config import added_packages, packages_file

ENV_VAR = "XBRL_TAXONOMY_PACKAGES"
# Official taxonomy packages are tens of MB; far larger ones are more likely zip bombs.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_MEMBERS = 200_000


def resolve_packages(given: Iterable[str | Path] = (), env: Mapping[str, str] | None = None) -> list[str]:
    """The taxonomy packages to use: those given (a zip, or a folder of zips), then those in
    ``XBRL_TAXONOMY_PACKAGES`` (paths joined with ``os.pathsep``), then those the user added with
    ``xbrl-export taxonomy add`` (``exporter.taxonomy.user_config``). Each is checked.

    ``env`` is where the variables and the user's configuration folder are read from (by default
    the process environment); ``{}`` means only the packages given.
    """
    return list(package_sources(given, env))


def package_sources(given: Iterable[str | Path] = (), env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The packages of ``resolve_packages`` (absolute zip paths, in order), each with where it came
    from: ``--taxonomy-package``, ``XBRL_TAXONOMY_PACKAGES`` or ``taxonomy add``."""
    env = os.environ if env is None else env
    candidates = [(str(p), "--taxonomy-package") for p in given]
    candidates += [(p, ENV_VAR) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    candidates += [(p, "taxonomy add") for p in added_packages(env)]
    result: dict[str, str] = {}
    for candidate, origin in candidates:
        try:
            zips = _zips(Path(candidate).expanduser())
            for zip_path in zips:
                check_package(zip_path)
        except TaxonomyError as exc:
            if origin != "taxonomy add":
                raise
            # A package the user added once and has since moved or deleted: say where it is listed.
            raise TaxonomyError(exc.message, exc.location,
                                hint=f"it was added with `xbrl-export taxonomy add` (listed in "
                                     f"{packages_file(env)}); take it off with `xbrl-export taxonomy remove "
                                     f"{candidate}`") from None
        for zip_path in zips:
            result.setdefault(str(zip_path.resolve()), origin)
    return result


def _zips(path: Path) -> list[Path]:
    """A package zip, or the zips in a folder of them."""
    if not path.is_dir():
        return [path]
    zips = sorted(path.glob("*.zip"))
    if not zips:
        raise TaxonomyError("folder holds no taxonomy package (.zip)", Location(str(path)))
    return zips


def check_package(path: Path) -> None:
    """Raise ``TaxonomyError`` unless ``path`` is a readable, sane XBRL taxonomy package zip."""
    where = Location(str(path))
    if not path.exists():
        raise TaxonomyError("taxonomy package not found", where,
                            hint=f"pass an existing zip with --taxonomy-package or {ENV_VAR}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise TaxonomyError(f"taxonomy package has {len(infos):,} files; at most {MAX_MEMBERS:,} "
                                    "are accepted", where)
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise TaxonomyError("taxonomy package unpacks to more than 2 GiB; refusing it", where)
            for info in infos:
                name = info.filename
                if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name.split("/")[0]:
                    raise TaxonomyError(f"taxonomy package has an unsafe path {name!r}", where)
            if not any(i.filename.endswith("META-INF/taxonomyPackage.xml") for i in infos):
                raise TaxonomyError("not a taxonomy package: no META-INF/taxonomyPackage.xml inside", where,
                                    hint="XBRL Taxonomy Packages 1.0 zips carry META-INF/taxonomyPackage.xml")
            bad = archive.testzip()
            if bad is not None:
                raise TaxonomyError(f"taxonomy package is corrupt (bad CRC in {bad})", where)
    except zipfile.BadZipFile:
        raise TaxonomyError("taxonomy package is corrupt or not a zip file", where) from None
    except OSError as exc:
        raise TaxonomyError(f"taxonomy package cannot be read: {exc.strerror or exc}", where) from None
