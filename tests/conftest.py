"""Shared fixtures: the offline taxonomy packages and the ICC example, built once per test run.

Arelle holds process-wide state and loading US-GAAP takes seconds, so what can be shared is built
once per session; tests that change a source copy it into their own temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from exporter.taxonomy import ENV_VAR, resolve_packages

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "icc-fy2004q1"
SEED = ROOT.parent / "shared" / "seed" / "002_251e79ba889c461f.txt"
SHARED_PACKAGES = ROOT.parent / "shared" / "taxonomies"
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    # Concept definitions come from Arelle in every test run, not from a cache left by an earlier one.
    os.environ["XBRL_EXPORTER_CACHE"] = "off"
    # Nor do the taxonomy packages a developer added with `xbrl-export taxonomy add` take part.
    folder = tempfile.mkdtemp(prefix="xbrl-exporter-config-")
    os.environ["XBRL_EXPORTER_CONFIG"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(scope="session")
def packages() -> list[str]:
    """The offline taxonomy packages: ../shared/taxonomies beside the checkout, or XBRL_TAXONOMY_PACKAGES."""
    if os.environ.get(ENV_VAR):
        return resolve_packages([], os.environ)
    if not SHARED_PACKAGES.is_dir():
        pytest.fail(f"no taxonomy packages: expected {SHARED_PACKAGES} or {ENV_VAR}; the tests run Arelle "
                    "offline against them")
    return resolve_packages([SHARED_PACKAGES], {})


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory, packages: list[str]):
    """The ICC example built once: ``exporter.pipeline.Build``."""
    from exporter.pipeline import build

    return build(EXAMPLE, tmp_path_factory.mktemp("icc") / "out", packages)


@pytest.fixture()
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the ICC example source, for tests that change it."""
    target = tmp_path / "icc-fy2004q1"
    shutil.copytree(EXAMPLE, target)
    return target
