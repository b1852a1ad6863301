"""Stage 5: validation of a written report by Arelle, the reference XBRL processor."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from exporter import arelle
from exporter.arelle import Message
from exporter.errors import ExporterError, Location

# Arelle's messages that only narrate the run (package activation, timings) are not findings.
_NARRATION = ("Activation of package", "loaded in ", "validated in ", "Package activated")


@dataclass(frozen=True, slots=True)
class Validation:
    """Arelle's verdict on one report: its messages, and the facts it loaded."""

    path: str
    messages: tuple[Message, ...]
    fact_count: int

    @property
    def errors(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.is_error)

    @property
    def warnings(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.level.upper() == "WARNING")

    @property
    def ok(self) -> bool:
        return not self.errors


EDGAR_PLUGIN_ENV_VAR = "XBRL_EXPORTER_EDGAR_PLUGIN"
RULES = ("xbrl", "efm")


def edgar_plugin() -> str:
    """Where Arelle's EDGAR plugin is (its ``validate`` folder), or an ``ExporterError`` saying how to
    add it: the plugin is not on PyPI."""
    import arelle as arelle_package

    candidates = [os.environ.get(EDGAR_PLUGIN_ENV_VAR, "")]
    candidates += [str(Path(folder) / "plugin" / "EDGAR" / "validate") for folder in arelle_package.__path__]
    for candidate in candidates:
        if candidate and (Path(candidate) / "__init__.py").is_file():
            return candidate
    raise ExporterError(
        "the SEC EDGAR Filer Manual rules need Arelle's EDGAR plugin, which is not installed",
        hint=f"it is not on PyPI: clone https://github.com/Arelle/EDGAR and set {EDGAR_PLUGIN_ENV_VAR} to its "
             "validate folder, or copy the repository to arelle/plugin/EDGAR (see docs/efm.md)")


def validate_report(path: Path | str, packages: Sequence[str] = (), rules: str = "xbrl") -> Validation:
    """Load a report (``.json`` xBRL-JSON, ``.htm`` Inline XBRL, ``.xbrl`` XBRL 2.1 instance, or the
    metadata ``.json`` of xBRL-CSV) in Arelle and validate it with
    XBRL 2.1, Dimensions, Calculations 1.1 (round to nearest), inconsistent duplicate facts, and the
    Unit Type Registry; with ``rules="efm"`` also the SEC EDGAR Filer Manual rules of Arelle's EDGAR
    plugin. Offline when taxonomy packages are given.
    """
    path = Path(path)
    if rules not in RULES:
        raise ExporterError(f"unknown rules {rules!r}; expected one of: {', '.join(RULES)}")
    edgar = {"plugins": [edgar_plugin()], "disclosureSystemName": "efm-pragmatic"} if rules == "efm" else {}
    if not path.is_file():
        raise ExporterError("report not found", Location(str(path)))
    count, messages = arelle.run(
        str(path.resolve()), packages, _count_facts, validate=True,
        calcs="c11r", validateDuplicateFacts="inconsistent", utrValidate=True, **edgar,
    )
    findings = tuple(_graded(m) for m in messages
                     if not (m.level.upper() == "INFO" and m.text.startswith(_NARRATION)))
    if count is None and not any(m.is_error for m in findings):
        findings += (Message("ERROR", "exporter:notLoaded", "Arelle could not load the report"),)
    return Validation(str(path), findings, count or 0)


def _graded(message: Message) -> Message:
    # Arelle reports the duplicates we ask for (only the inconsistent ones) as warnings; two values
    # for one fact are an error in a filing.
    if message.code == "arelle:duplicateFacts" and not message.is_error:
        return replace(message, level="ERROR")
    return message


def _count_facts(model: Any) -> int:
    return len(model.facts)
