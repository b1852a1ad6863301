"""The user's own list of taxonomy packages, kept by ``xbrl-export taxonomy add`` and ``remove``.

The list lives in ``packages.json`` in the user's configuration folder: ``XBRL_EXPORTER_CONFIG``
when set, else ``$XDG_CONFIG_HOME/xbrl-exporter``, else ``~/.config/xbrl-exporter``. Every command
that takes ``--taxonomy-package`` uses the packages listed there too (``resolve_packages``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from exporter.errors import Location, TaxonomyError

CONFIG_ENV_VAR = "XBRL_EXPORTER_CONFIG"
PACKAGES_FILE = "packages.json"


def config_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """The user's configuration folder, read from ``env`` (by default the process environment).

    With an explicit ``env`` that names no folder (no ``XBRL_EXPORTER_CONFIG``, ``XDG_CONFIG_HOME``
    or ``HOME``) there is none: callers that pass ``{}`` mean "no user settings", as the tests do.
    """
    explicit = env is not None
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV_VAR):
        return Path(env[CONFIG_ENV_VAR]).expanduser()
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]).expanduser() / "xbrl-exporter"
    if env.get("HOME"):
        return Path(env["HOME"]) / ".config" / "xbrl-exporter"
    # Windows sets no HOME; the process's own home folder is the user's there.
    return None if explicit else Path.home() / ".config" / "xbrl-exporter"


def packages_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The file that lists the added packages (it may not exist yet)."""
    folder = config_dir(env)
    return None if folder is None else folder / PACKAGES_FILE


def added_packages(env: Mapping[str, str] | None = None) -> list[str]:
    """The packages (zips or folders of zips, absolute paths) added with ``xbrl-export taxonomy add``."""
    path = packages_file(env)
    if path is None or not path.is_file():
        return []
    where = Location(str(path))
    hint = f"it is written by `xbrl-export taxonomy add`; fix it or delete it (or set {CONFIG_ENV_VAR})"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"cannot read the list of added taxonomy packages: {exc.strerror or exc}", where,
                            hint=hint) from None
    except ValueError as exc:
        raise TaxonomyError(f"the list of added taxonomy packages is not valid JSON: {exc}", where, hint=hint) from None
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, list) or not all(isinstance(p, str) for p in packages):
        raise TaxonomyError('the list of added taxonomy packages must be {"packages": ["/path/to/package.zip", ...]}',
                            where, hint=hint)
    return list(packages)


def add_package(path: Path | str, env: Mapping[str, str] | None = None) -> bool:
    """Record ``path`` (made absolute) in the user's list; False when it was there already.

    The caller checks the package first: this only keeps the list.
    """
    entry = str(Path(path).expanduser().resolve())
    packages = added_packages(env)
    if entry in packages:
        return False
    _write(packages + [entry], env)
    return True


def remove_package(path: Path | str, env: Mapping[str, str] | None = None) -> bool:
    """Take ``path`` off the user's list; False when it was not on it. The file itself is left alone."""
    given = str(path)
    entry = str(Path(path).expanduser().resolve())
    packages = added_packages(env)
    # Matched as written too: a package that was deleted or moved no longer resolves to the same path.
    kept = [p for p in packages if p not in (entry, given)]
    if len(kept) == len(packages):
        return False
    _write(kept, env)
    return True


def _write(packages: list[str], env: Mapping[str, str] | None) -> None:
    path = packages_file(env)
    if path is None:
        raise TaxonomyError("no folder for the user's settings: set HOME or " + CONFIG_ENV_VAR)
    text = json.dumps({"packages": packages}, indent=2) + "\n"
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole or not at all: a half-written list would stop every later command.
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
            temporary = f.name
            f.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise TaxonomyError(f"cannot write the list of added taxonomy packages: {exc.strerror or exc}",
                            Location(str(path))) from None
