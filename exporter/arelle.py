"""The one place that talks to Arelle: load a document, optionally validate it, collect its messages.

Arelle keeps process-wide state and allows one session at a time, so every call goes through here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Arelle logs calculation inconsistencies at their own level; a report whose totals do not add up
# fails the gate like one that breaks a rule.
_ERROR_LEVELS = {"ERROR", "CRITICAL", "FATAL", "INCONSISTENCY"}


@dataclass(frozen=True, slots=True)
class Message:
    """One message of Arelle's: level, code, text, and the ids and files of what it is about."""

    level: str
    code: str
    text: str
    fact_ids: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.level.upper() in _ERROR_LEVELS


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[Message] = []

    def emit(self, record: logging.LogRecord) -> None:
        code = str(getattr(record, "messageCode", "") or "")
        level = record.levelname
        if level == "INFO" and not code:
            return
        refs = getattr(record, "refs", None) or []
        fact_ids, files = [], []
        for ref in refs:
            if not isinstance(ref, dict) or not ref.get("href"):
                continue
            file, _, fragment = str(ref["href"]).partition("#")
            if file:
                files.append(file)
            # Arelle names an element by its id when it has one, else by an element() pointer.
            if fragment and not fragment.startswith("element("):
                fact_ids.append(fragment)
        try:
            text = record.getMessage()
        except Exception:  # Arelle's own formatting of a message must not stop the run
            text = str(record.msg)
        self.messages.append(Message(level, code, text, tuple(fact_ids), tuple(dict.fromkeys(files))))


def run(
    entry: str,
    packages: Sequence[str],
    inspect: Callable[[Any], T] | None = None,
    *,
    validate: bool = False,
    offline: bool | None = None,
    plugins: Sequence[str] = (),
    plugin_options: Mapping[str, Any] | None = None,
    **options: Any,
) -> tuple[T | None, list[Message]]:
    """Load ``entry`` with Arelle (validating it if asked) and return ``inspect(model)`` and the messages.

    ``packages`` are taxonomy package zips; with packages Arelle works offline unless ``offline`` is
    False, so a missing file is an error rather than a silent download. ``plugins`` are Arelle plugins
    to activate for this run (e.g. ``ixbrl-viewer``), ``plugin_options`` the options they add to
    Arelle's command line, by their ``dest`` names.
    """
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    if offline is None:
        offline = bool(packages)
    runtime = RuntimeOptions(
        entrypointFile=entry,
        packages=list(packages) or None,
        internetConnectivity="offline" if offline else "online",
        validate=validate,
        keepOpen=True,
        disablePersistentConfig=True,
        logFile="logToBuffer",
        plugins="|".join(plugins) or None,
        pluginOptions=dict(plugin_options) if plugin_options else None,
        **options,
    )
    collector = _Collector()
    result: T | None = None
    with Session() as session:
        session.run(runtime, logHandler=collector)
        models = session.get_models()
        if inspect is not None and models:
            result = inspect(models[0])
    return result, collector.messages


def web_cache_dir() -> str:
    """The folder where Arelle keeps what it downloads when it works online (its web cache): by
    default ``cache`` in Arelle's user folder, ``~/.config/arelle/cache`` on Linux
    (``$XDG_CONFIG_HOME/arelle/cache`` when that is set), ``~/Library/Caches/Arelle`` on macOS."""
    from arelle.Cntlr import Cntlr

    # Asked of Arelle rather than worked out here, since it depends on the platform and settings;
    # a controller without persistent configuration creates and writes nothing.
    cntlr = Cntlr(hasGui=False, disable_persistent_config=True)
    try:
        return str(cntlr.webCache.cacheDir)
    finally:
        cntlr.close()
