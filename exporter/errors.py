"""Errors a user can act on: each names where the problem is and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where in the source a problem is: a file, and a line, column or field inside it."""

    file: str
    line: int | None = None
    column: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        details = []
        if self.column is not None:
            details.append(f"column {self.column}")
        if self.field is not None:
            details.append(f"field {self.field}")
        if details:
            text += f" ({', '.join(details)})"
        return text


class ExporterError(Exception):
    """An error in the input or environment that the user can fix; shown without a traceback."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SourceError(ExporterError):
    """The report source is malformed or inconsistent."""


class TaxonomyError(ExporterError):
    """A taxonomy package or concept definition cannot be used."""


class OutputError(ExporterError):
    """The output folder cannot be written."""
