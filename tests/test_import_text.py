"""``xbrl-export import-text`` on the seed, then the real ``build``, compared with the hand-made list
of every number printed in the seed's tables (tests/data/icc_seed_numbers.csv); and the accuracy
of the concept suggestions against the example's hand-made mapping.

The comparison matches facts on value, period, unit and dimensions (the concept may differ). The
importer names its own members, so members are matched to the oracle's one to one, by the facts
they carry (``icc:MappingMember`` for the oracle's ``icc:MappingServicesMember``).
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.cli import main
from exporter.importers.evaluate import in_context, label_only
from exporter.importers.suggest import load_suggester
from exporter.importers.text import import_text
from exporter.importers.writer import render_files, write_source
from exporter.pipeline import load_report
from exporter.source import read_source
from exporter.validation import validate_report
from tests.arelle_facts import ReadFact, read_facts
from tests.conftest import DATA, EXAMPLE, SEED

REQUIRED_COVERAGE = Decimal("0.95")


def package_args(packages: list[str]) -> list[str]:
    return [arg for p in packages for arg in ("--taxonomy-package", p)]


def _number(text: str) -> str:
    value = format(Decimal(text), "f")
    return value.rstrip("0").rstrip(".") if "." in value else value


def _dims(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if part)


@dataclass(frozen=True)
class Coverage:
    found: int
    expected: int
    missing: tuple[str, ...]
    members: dict[tuple[str, str], str]

    @property
    def share(self) -> Decimal:
        return Decimal(self.found) / Decimal(self.expected)

    def summary(self) -> str:
        return f"{self.found}/{self.expected} numbers of the seed's tables ({float(self.share):.1%})"


def coverage(facts: list[ReadFact]) -> Coverage:
    """How many of the oracle's numbers are facts with the same value, period, unit and dimensions."""
    with (DATA / "icc_seed_numbers.csv").open(encoding="utf-8") as handle:
        oracle = [row for row in csv.DictReader(handle) if row["value"] != "excluded"]

    def key(start: str, end: str, unit: str, value: str) -> tuple[str, str, str, str]:
        return start, end, unit, _number(value)

    # Vote which imported member stands for which oracle member, then keep the best one-to-one pairs.
    by_key: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
    for fact in (f for f in facts if f.unit):  # numbers only: the cover's text facts have no unit
        by_key.setdefault(key(fact.start, fact.end, fact.unit, fact.value), []).append(_dims(fact.dimensions))
    votes: Counter[tuple[str, str, str]] = Counter()
    for row in oracle:
        wanted = _dims(row["dimensions"])
        for dims in by_key.get(key(row["period_start"], row["period_end_or_instant"], row["unit"], row["value"]), []):
            if set(dims) == set(wanted):
                votes.update((axis, wanted[axis], dims[axis]) for axis in wanted)
    members: dict[tuple[str, str], str] = {}
    taken: set[tuple[str, str]] = set()
    for (axis, theirs, ours), _ in votes.most_common():
        if (axis, theirs) not in members and (axis, ours) not in taken:
            members[(axis, theirs)] = ours
            taken.add((axis, ours))
    missing = []
    for row in oracle:
        wanted = {axis: members.get((axis, member), "?") for axis, member in _dims(row["dimensions"]).items()}
        candidates = by_key.get(key(row["period_start"], row["period_end_or_instant"], row["unit"], row["value"]), [])
        if wanted not in candidates:
            missing.append(f"{row['table']} / {row['label']} / {row['printed']} "
                           f"({row['period_end_or_instant']}, {row['dimensions'] or 'no dimensions'})")
    return Coverage(len(oracle) - len(missing), len(oracle), tuple(missing), members)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, packages: list[str]) -> tuple[Path, str]:
    """The seed imported with the real command: the source folder and the command's output."""
    source = tmp_path_factory.mktemp("import") / "icc"
    result = CliRunner().invoke(main, ["import-text", str(SEED), "--out", str(source), *package_args(packages)])
    assert result.exit_code == 0, result.output
    return source, result.output


@pytest.fixture(scope="module")
def built(imported: tuple[Path, str], packages: list[str]) -> Path:
    """The imported source built with the real command, without editing anything imported."""
    source, _ = imported
    out = source.parent / "out"
    # xBRL-JSON is what the oracle is compared with; the other formats are other engineers' tests.
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(out), "--format", "json",
                                       *package_args(packages)])
    assert result.exit_code == 0, result.output
    return out / "icc-20031031.json"


class TestSeedImportThenBuild:
    def test_numbers_of_the_seed_are_facts(self, built: Path, packages: list[str]) -> None:
        result = coverage(read_facts(str(built), packages))
        print(f"\nimport-text + build coverage: {result.summary()}")
        for line in result.missing:
            print(f"  missing: {line}")
        assert result.share >= REQUIRED_COVERAGE, result.missing
        # The segments and product lines found are the oracle's, one to one.
        assert len(result.members) == 5

    def test_arelle_finds_no_errors(self, built: Path, packages: list[str]) -> None:
        verdict = validate_report(built, packages)
        assert [f"[{m.code}] {m.text}" for m in verdict.errors] == []

    def test_the_command_reports_what_it_did(self, imported: tuple[Path, str]) -> None:
        _, output = imported
        assert "imported 9 tables, 7 periods from 002_251e79ba889c461f.txt" in output
        assert "checks: 0 errors" in output

    def test_tables_titles_and_periods(self, imported: tuple[Path, str]) -> None:
        source = read_source(imported[0])
        assert [t.title for t in source.tables] == [
            "ICC.NET", "Service Bureau", "Professional Services",
            "Consolidated Statements of Operations and Comprehensive Loss (unaudited)",
            "Consolidated Balance Sheets (unaudited)",
            "Reconciliation of Net Income to Adjusted EBITDA - Consolidated",
            "Reconciliation of Net Income to Adjusted EBITDA - ICC.NET, VAN Services Only",
            "Reconciliation of Gross Margin to Adjusted Gross Margin - ICC.NET, VAN Services Only",
            "Reconciliation of Gross Margin to Adjusted Gross Margin - Consolidated"]
        assert source.fiscal_year_end == "--07-31"
        assert {p.id for p in source.periods} == {"FY2004Q1", "FY2003Q4", "FY2003Q3", "FY2003Q2", "FY2003Q1",
                                                  "AsOf20031031", "AsOf20030731"}
        assert (source.name, source.entity_name, source.extension_prefix) == (
            "icc-20031031", "Internet Commerce Corporation", "icc")

    def test_conflicts_are_resolved_for_review(self, imported: tuple[Path, str]) -> None:
        source = read_source(imported[0])
        actions = sorted((r.table, r.row, r.column, r.action, r.to_column or "") for r in source.resolutions)
        assert ("adjusted_ebitda_consolidated", "impairment_of_goodwill_and_acquired", "FY2004Q1", "move",
                "FY2003Q4") in actions
        assert ("adjusted_ebitda_consolidated", "net_loss", "FY2003Q1", "exclude", "") in actions
        assert all(r.reason.startswith("review:") for r in source.resolutions)
        text = (imported[0] / "resolutions.yaml").read_text(encoding="utf-8")
        assert "1,861 here, but the statement prints 1,860" in text

    def test_review_marks_and_untagged_reasons(self, imported: tuple[Path, str]) -> None:
        balance = (imported[0] / "tables" / "balance_sheet.yaml").read_text(encoding="utf-8")
        assert ("# review: amounts in the label tagged as us-gaap:AllowanceForDoubtfulAccountsReceivableCurrent"
                in balance)
        assert 'comment: "Printed *: no value is given, so nothing is tagged."' in balance
        assert "#   * less than 1,000" in balance
        operations = (imported[0] / "tables" / "operations.yaml").read_text(encoding="utf-8")
        assert "- {text: \"$53\", column: FY2004Q1, concept: us-gaap:ShareBasedCompensation}" in operations

    def test_import_is_deterministic(self, packages: list[str]) -> None:
        text = SEED.read_text(encoding="utf-8")
        suggester = load_suggester(packages)
        first = render_files(import_text(text, suggester, None, SEED.name))
        second = render_files(import_text(text, suggester, None, SEED.name))
        assert first == second


@pytest.fixture(scope="module")
def reference():
    """The example's hand-made source: the mapping suggestions are measured against."""
    return read_source(EXAMPLE)


class TestSuggestionAccuracy:
    """Top-1 and top-5 against the example's hand-made mapping (examples/icc-fy2004q1/tables/*.yaml).

    The numbers are written in docs/import-text.md; the floors here only catch regressions.
    """

    def test_in_context(self, reference, packages: list[str]) -> None:
        result = import_text(SEED.read_text(encoding="utf-8"), load_suggester(packages), None, SEED.name)
        accuracy = in_context(result, reference)
        print(f"\nsuggestions in context (import-text on the seed): {accuracy.summary()}")
        for miss in accuracy.misses:
            print(f"  {miss}")
        assert len(accuracy.standard) == 78 and len(accuracy.extensions) == 10
        assert accuracy.top1 / len(accuracy.standard) >= 0.85
        assert accuracy.top5 / len(accuracy.standard) >= 0.90
        assert accuracy.extensions_found == 10

    def test_label_only(self, reference, packages: list[str]) -> None:
        accuracy = label_only(load_suggester(packages), reference)
        print(f"\nsuggestions from the label alone (xbrl-export suggest): {accuracy.summary()}")
        assert accuracy.top1 / len(accuracy.standard) >= 0.65
        assert accuracy.top5 / len(accuracy.standard) >= 0.80

    def test_without_the_synonym_table(self, reference, packages: list[str]) -> None:
        plain = load_suggester(packages, use_synonyms=False)
        result = import_text(SEED.read_text(encoding="utf-8"), plain, None, SEED.name)
        print(f"\nwithout synonyms, in context: {in_context(result, reference).summary()}")
        print(f"without synonyms, label only: {label_only(plain, reference).summary()}")
        # Names alone still find most concepts; the table is a help, not the whole answer.
        assert in_context(result, reference).top5 >= 55


class TestSuggestCommand:
    def test_ranked_with_scores(self, packages: list[str]) -> None:
        result = CliRunner().invoke(main, ["suggest", "Total current assets", "--table-kind", "balance",
                                           "--value", "3,377", *package_args(packages)])
        assert result.exit_code == 0, result.output
        first = result.output.splitlines()[0]
        assert first.startswith("1. us-gaap:AssetsCurrent  ")
        assert len(result.output.splitlines()) == 5

    def test_json_and_an_extension(self, packages: list[str]) -> None:
        result = CliRunner().invoke(main, ["suggest", "Adjusted EBITDA loss", "--table-kind", "operations",
                                           "--value", "($ 367)", "--format", "json", *package_args(packages)])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        assert answer["extension"] == {"name": "AdjustedEbitda", "why": "a company-defined measure"}
        assert all(set(s) == {"concept", "score", "reasons"} for s in answer["suggestions"])

    def test_period_type_follows_the_table_kind(self, packages: list[str]) -> None:
        suggester = load_suggester(packages)
        result = CliRunner().invoke(main, ["suggest", "Accounts payable", "--table-kind", "balance", "--format",
                                           "json", "--heading", "Current liabilities:", *package_args(packages)])
        concepts = [s["concept"] for s in json.loads(result.output)["suggestions"]]
        assert concepts[0] == "us-gaap:AccountsPayableCurrent"
        assert all(suggester.entries[c].period_type == "instant" for c in concepts)

    def test_bad_value(self, packages: list[str]) -> None:
        result = CliRunner().invoke(main, ["suggest", "Revenue", "--value", "lots", *package_args(packages)])
        assert result.exit_code == 2 and "is not a printed number" in result.output


class TestImportTextCommand:
    def test_fiscal_year_end_option(self, tmp_path: Path, packages: list[str]) -> None:
        exhibit = tmp_path / "q.txt"
        exhibit.write_text("                                   First Quarter    First Quarter\n"
                           "(000's)                             Fiscal 2004      Fiscal 2003\n"
                           "Revenue                                 $2,356           $1,949\n"
                           "Cost of services                           907              915\n", encoding="utf-8")
        runner = CliRunner()
        without = runner.invoke(main, ["import-text", str(exhibit), "--out", str(tmp_path / "a"),
                                       *package_args(packages)])
        assert without.exit_code == 1
        assert "q.txt:3: not imported: '$2,356'" in without.output and "--fiscal-year-end" in without.output
        given_end = runner.invoke(main, ["import-text", str(exhibit), "--out", str(tmp_path / "b"),
                                         "--fiscal-year-end", "--07-31", *package_args(packages)])
        assert given_end.exit_code == 0, given_end.output
        assert read_source(tmp_path / "b").period("FY2004Q1") is not None

    def test_bad_fiscal_year_end(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(main, ["import-text", str(SEED), "--out", str(tmp_path / "x"),
                                           "--fiscal-year-end", "13-45"])
        assert result.exit_code == 2 and "is not a month and day" in result.output


class TestDamagedSeedStillBuilds:
    """Whatever is damaged, what is imported maps without errors (the source the build reads)."""

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
    @given(number=st.integers(0, 10_000))
    def test_random_lines_dropped_or_doubled(self, number: int, packages: list[str], tmp_path: Path) -> None:
        lines = SEED.read_text(encoding="utf-8").splitlines()
        rng = random.Random(number)
        for _ in range(6):
            index = rng.randrange(len(lines))
            if rng.random() < 0.5:
                del lines[index]
            else:
                lines.insert(index, lines[index])
        result = import_text("\n".join(lines) + "\n", load_suggester(packages), None, "damaged.txt")
        if not result.tables:
            return
        folder = tmp_path / f"src{number}"
        write_source(result, folder, force=True)
        report = load_report(folder, packages)
        assert report.facts
