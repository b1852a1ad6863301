"""Property tests: random damage to a valid source always gives a clean error, never a crash.

The budget is fixed (derandomized, a set number of examples) so CI time stays predictable.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.errors import ExporterError
from exporter.pipeline import load_report, render
from tests.sources import write_source

FILES = ["report.yaml", "tables/income.yaml", "tables/income.csv", "tables/balance.yaml", "tables/balance.csv"]

damage = st.tuples(
    st.sampled_from(FILES),
    st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate_line"]),
    st.integers(min_value=0, max_value=10_000),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8),
)


def damaged(text: str, kind: str, at: int, new: str) -> str:
    at = at % (len(text) + 1)
    if kind == "delete":
        return text[:at] + text[at + len(new):]
    if kind == "insert":
        return text[:at] + new + text[at:]
    if kind == "replace":
        return text[:at] + new + text[at + len(new):]
    if kind == "truncate":
        return text[:at]
    lines = text.splitlines(keepends=True)
    index = at % max(len(lines), 1)
    return "".join(lines[: index + 1] + lines[index:])


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(damage, min_size=1, max_size=3))
def test_random_damage_gives_a_clean_error_or_a_report(packages: list[str], edits) -> None:
    folder = Path(tempfile.mkdtemp(prefix="damage-"))
    try:
        write_source(folder)
        for name, kind, at, new in edits:
            path = folder / name
            path.write_text(damaged(path.read_text(encoding="utf-8"), kind, at, new), encoding="utf-8")
        try:
            report = load_report(folder, packages)
        except ExporterError as error:
            assert str(error).strip()
            return
        # A source that still reads must also render: damage may never surface later as a crash.
        assert render(report)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
