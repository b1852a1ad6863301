"""Data files the code needs at run time: the top-level ``templates/`` and ``taxonomy/`` folders.

An installed package carries them as ``exporter.templates`` and ``exporter.profiles`` (see
pyproject.toml); a source checkout has them beside the ``exporter`` folder.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Literal

_FOLDERS = {"templates": "templates", "profiles": "taxonomy"}


def package_data(kind: Literal["templates", "profiles"]) -> Traversable:
    """The folder of shipped data files of the given kind."""
    try:
        folder = resources.files(f"exporter.{kind}")
        if folder.is_dir():
            return folder
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / _FOLDERS[kind]
