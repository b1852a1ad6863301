"""Regenerate the pinned fact dump of the ICC example: ``python -m tests.dump_facts``.

Review the diff before committing it: the dump must agree with the press release.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from exporter.pipeline import build
from exporter.taxonomy import resolve_packages
from tests.arelle_facts import read_facts
from tests.conftest import DATA, EXAMPLE, SHARED_PACKAGES


def main() -> None:
    packages = resolve_packages([SHARED_PACKAGES])
    with tempfile.TemporaryDirectory() as folder:
        result = build(EXAMPLE, Path(folder) / "out", packages)
        lines = [fact.line() for fact in read_facts(str(result.json_path), packages)]
    (DATA / "icc-fy2004q1.facts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} facts")


if __name__ == "__main__":
    main()
