"""What imported tables mean: totals found by arithmetic, value kinds, ids, signs, concepts, the
whole import of small exhibits, the files written, and a property test that no printed number is
ever dropped silently (exporter/importers/{rows,suggest,text,writer}.py)."""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.errors import OutputError
from exporter.importers.exhibit import read_exhibit
from exporter.importers.rows import find_sum, near_sum, snake_id, value_kind
from exporter.importers.suggest import LineContext, extension_name, name_words, stem, words
from exporter.importers.text import import_text
from exporter.importers.writer import render_files, scalar, write_source
from exporter.source import read_source
from tests.conftest import SEED
from tests.importing import SPLIT_STATEMENT, TWO_BLOCKS, tiny_suggester


def d(*values: int | None) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


class TestFindSum:
    def test_the_run_just_above_adds_up(self) -> None:
        pool = [(0, d(3103, 3050)), (1, d(1860, 1879)), (2, d(225, 260)), (3, d(1824, 1874))]
        found = find_sum(d(3909, 4013), pool)
        assert found is not None and found.parts == ((1, 1), (2, 1), (3, 1))

    def test_a_difference_needs_a_minus_sign(self) -> None:
        found = find_sum(d(-806, -963), [(0, d(3103, 3050)), (1, d(3909, 4013))])
        assert found is not None and found.parts == ((0, 1), (1, -1))

    def test_printed_negatives_and_dashes(self) -> None:
        pool = [(0, d(1, 5)), (1, d(0, -19)), (2, d(-13, -5))]
        found = find_sum(d(-12, -19), pool)
        assert found is not None and [w for _, w in found.parts] == [1, 1, 1]

    def test_every_column_must_add_up(self) -> None:
        # 2,261 + 22 = 2,283 in the first column only; the dash row makes the second add up.
        found = find_sum(d(2283, 2758), [(0, d(2261, 2704)), (1, d(22, 46)), (2, d(0, 8))])
        assert found is not None and len(found.parts) == 3
        assert find_sum(d(100, 200), [(0, d(40, 50)), (1, d(61, 150))]) is None


class TestNearSum:
    def test_a_number_in_the_wrong_column(self) -> None:
        # The seed's consolidated Adjusted EBITDA: the 982 is printed one column too far left.
        pool = [(0, d(-818, -2062, -1074, -1887, -981)), (1, d(12, 14, 6, 6, 18)), (2, d(386, 390, 387, 432, 440)),
                (3, d(53, 57, 72, 10, 0)), (4, d(0, 0, 0, 248, 0)), (5, d(0, 15, 134, 0, 0)), (6, d(982, 0, 0, 0, 0)),
                (7, d(0, 0, 0, 318, 0))]
        total = d(-367, -604, -475, -873, -523)
        assert find_sum(total, pool) is None
        found = near_sum(total, pool)
        assert found is not None and found.columns == 3 and len(found.parts) == 8
        assert found.differences[:2] == (Decimal(-982), Decimal(982))

    def test_too_few_columns(self) -> None:
        assert near_sum(d(10, 20), [(0, d(5, 5)), (1, d(4, 15))]) is None


class TestValueKind:
    @pytest.mark.parametrize(("label", "cells", "kind"), [
        ("Gross margin %", ["61.5%", "53.0%"], "percent"),
        ("Basic and diluted loss per common share", ["$ (0.07)", "$ (0.09)"], "perShare"),
        ("Weighted average number of common shares outstanding", ["13,797,567", "11,679,964"], "shares"),
        ("Common stock, 1,000 shares authorized", ["$ 138", "$ 138"], "monetary"),
        ("Revenues", ["$ 3,103", "3,050"], "monetary"),
    ])
    def test_kinds(self, label: str, cells: list[str], kind: str) -> None:
        assert value_kind(label, cells) == kind


class TestSnakeId:
    def test_ids_from_labels(self) -> None:
        taken: set[str] = set()
        assert snake_id("Cash and cash equivalents", "x", taken) == "cash_and_cash_equivalents"
        assert snake_id("Accounts receivable, net of allowance for doubtful accounts of $236", "x",
                        taken) == "accounts_receivable_net"
        assert snake_id("Less: Net interest", "x", taken) == "net_interest"
        assert snake_id("Cash and cash equivalents", "x", taken) == "cash_and_cash_equivalents_2"
        assert snake_id("", "row_7", taken) == "row_7"
        assert snake_id("2003 results", "x", taken) == "row_2003_results"


class TestWords:
    def test_label_words(self) -> None:
        assert words("Other non-current liabilities") == ["other", "noncurrent", "liability"]
        assert words("Stockholders' Equity") == ["stockholder", "equity"]
        assert name_words("AccountsReceivableNetCurrent") == ("account", "receivable", "net", "current")
        assert name_words("CapitalizedComputerSoftwareImpairments1") == ("capitalized", "computer", "software",
                                                                          "impairment")
        assert [stem(w) for w in ("liabilities", "taxes", "expenses", "gross", "status")] == [
            "liability", "tax", "expense", "gross", "status"]


class TestExtensionName:
    @pytest.mark.parametrize(("label", "name"), [
        ("Adjusted EBITDA loss", "AdjustedEbitda"),
        ("Gross margin %", "GrossMarginPercent"),
        ("Adjusted cost of services", "AdjustedCostOfServices"),
        ("Less: Depreciation", "Depreciation"),
        ("2003 charge", "Item2003Charge"),
    ])
    def test_names(self, label: str, name: str) -> None:
        assert extension_name(label) == name


class TestSuggester:
    def test_period_type_and_value_kind_filter(self) -> None:
        suggester = tiny_suggester()
        balance = suggester.suggest(LineContext("Total assets", "balance"))
        assert balance[0].concept == "us-gaap:Assets"
        assert all(suggester.entries[s.concept].period_type == "instant" for s in balance)
        per_share = suggester.suggest(LineContext("Net income per share - basic", "operations",
                                                  value_kind="perShare"))
        assert [s.concept for s in per_share] == ["us-gaap:EarningsPerShareBasic"]

    def test_synonyms_and_their_effect(self) -> None:
        suggester = tiny_suggester()
        best = suggester.suggest(LineContext("Cost of services", "operations", value_kind="monetary"))[0]
        assert best.concept == "us-gaap:CostOfRevenue" and "synonym table" in best.reasons
        assert suggester.is_non_gaap("Adjusted EBITDA loss")
        assert not suggester.is_non_gaap("General and administrative (excluding non-cash compensation of $53)")

    def test_a_one_word_line_reads_its_heading(self) -> None:
        suggester = tiny_suggester()
        best = suggester.suggest(LineContext("Services", "operations", value_kind="monetary",
                                             heading="Revenues:"))[0]
        assert best.concept == "us-gaap:Revenues"

    def test_score_of_one_concept(self) -> None:
        suggester = tiny_suggester()
        line = LineContext("Interest expense", "operations", value_kind="monetary")
        assert suggester.score_of(line, "us-gaap:InterestExpense") is not None
        assert suggester.score_of(line, "us-gaap:Assets") is None  # an instant concept for a duration line


@pytest.fixture(scope="module")
def split():
    return import_text(SPLIT_STATEMENT, tiny_suggester(), exhibit_name="split.txt")


class TestImportText:
    def test_document_entity_and_periods(self, split) -> None:
        assert (split.name, split.entity_name, split.prefix) == ("example-20031231", "Example Corp.", "example")
        assert split.namespace == "http://www.example.com/20031231"
        assert split.fiscal_year_end == "--12-31"
        assert [p.id for p in split.periods] == ["FY2003", "FY2002", "AsOf20031231", "AsOf20021231"]
        assert split.issues == ()

    def test_a_statement_continued_after_a_page_break(self, split) -> None:
        operations = split.table("operations")
        assert operations is not None and operations.title == "Consolidated Statements of Income"
        assert operations.heading == "EXAMPLE CORP." and operations.scale == 3
        assert [r.label for r in operations.rows][-3:] == [
            "Net income", "Net income per share - basic", "Weighted average shares outstanding - basic"]

    def test_totals_signs_and_concepts(self, split) -> None:
        operations = split.table("operations")
        rows = {r.id: r for r in operations.rows}
        assert rows["gross_profit"].total == ("net_sales", "cost_of_sales")
        assert rows["total_operating_expenses"].total == (
            "selling_general_and_administrative", "research_and_development", "amortization_of_intangibles")
        assert rows["interest_expense"].sign == "negate"  # (200): an expense printed as a deduction
        assert rows["net_income"].total == ("operating_income", "interest_expense")
        assert rows["net_income_per_share_basic"].concept == "us-gaap:EarningsPerShareBasic"

    def test_a_balance_sheet_without_tags(self, split) -> None:
        balance = split.table("balance_sheet")
        assert balance is not None and balance.kind == "statement"
        rows = {r.id: r for r in balance.rows}
        assert rows["total_assets"].total == ("total_current_assets", "property_and_equipment_net")
        receivables = rows["accounts_receivable_net"]
        assert receivables.label == "Accounts receivable, net of allowance of $50 and $40, respectively"

    def test_two_table_blocks_are_one_table(self) -> None:
        result = import_text(TWO_BLOCKS, tiny_suggester())
        assert len(result.tables) == 1
        assert [r.label for r in result.tables[0].rows] == ["Revenues", "Cost of revenues", "Operating income"]
        assert [c.period.id for c in result.tables[0].columns] == ["D20040401to20040630", "D20030401to20030630"]

    def test_fiscal_columns_need_a_fiscal_year_end(self) -> None:
        text = ("                                   First Quarter    First Quarter\n"
                "(000's)                             Fiscal 2004      Fiscal 2003\n"
                "Revenue                                 $2,356           $1,949\n"
                "Cost of services                           907              915\n")
        without = import_text(text, tiny_suggester())
        assert without.tables == ()
        assert {i.line for i in without.issues} >= {3, 4}
        assert all("--fiscal-year-end" in i.message for i in without.issues if i.line in (3, 4))
        given_end = import_text(text, tiny_suggester(), fiscal_year_end="--07-31")
        assert [c.id for c in given_end.tables[0].columns] == ["FY2004Q1", "FY2003Q1"]

    def test_a_column_without_a_period_is_reported_by_line(self) -> None:
        text = ("                                   December 31,    December 31,     %\n"
                "                                       2003            2002       Change\n"
                "Cash                                  1,000             800         25%\n"
                "Receivables                             500             400         25%\n")
        result = import_text(text, tiny_suggester())
        assert [c.id for c in result.tables[0].columns] == ["AsOf20031231", "AsOf20021231"]
        reported = [(i.line, i.message) for i in result.issues]
        assert any(line == 3 and "'25%'" in message for line, message in reported)
        assert any(line == 4 and "'25%'" in message for line, message in reported)

    def test_prose_only_gives_no_table(self) -> None:
        result = import_text("Nothing to see.\n\nJust words, 12 of them and 2003.\n", tiny_suggester())
        assert result.tables == () and result.periods == ()


class TestWriteSource:
    def test_the_written_source_reads_back(self, tmp_path: Path) -> None:
        result = import_text(SPLIT_STATEMENT, tiny_suggester(), exhibit_name="split.txt")
        written = write_source(result, tmp_path / "src")
        assert {p.name for p in written} >= {"report.yaml", "operations.csv", "operations.yaml"}
        source = read_source(tmp_path / "src")
        assert [t.id for t in source.tables] == ["operations", "balance_sheet"]
        operations = source.tables[0]
        assert operations.line("interest_expense").mapping.sign == "negate"  # type: ignore[union-attr]
        assert operations.columns[0].period == "FY2003"

    def test_an_existing_source_is_kept_unless_forced(self, tmp_path: Path) -> None:
        result = import_text(TWO_BLOCKS, tiny_suggester())
        write_source(result, tmp_path)
        with pytest.raises(OutputError, match="already there"):
            write_source(result, tmp_path)
        write_source(result, tmp_path, force=True)

    def test_scalars_read_back_as_text(self) -> None:
        assert scalar("us-gaap:Revenues") == "us-gaap:Revenues"
        assert scalar("no") == '"no"'
        assert scalar("Net loss: 12") == '"Net loss: 12"'
        assert scalar("(000's)") == '"(000\'s)"'


# --- Property: whatever the layout, the import never crashes and never drops a printed number. ---

LABELS = ["Revenues", "Cost of sales", "Net loss", "Cash", "Total assets", "Other", "Interest expense",
          "Accounts receivable, net of allowance of $12", "Less: Depreciation", "Gross margin %"]
HEADERS = [
    ["Three Months Ended", "September 30,"],
    ["December 31,"],
    ["First Quarter", "Fiscal"],
    ["Change"],
]
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@st.composite
def exhibits(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 3))
    width = draw(st.integers(10, 16))
    start = draw(st.integers(36, 50))
    header = draw(st.sampled_from(HEADERS))
    years = [str(2003 - i) for i in range(columns)]
    lines: list[str] = []
    tagged = draw(st.booleans())
    if draw(st.booleans()):
        lines += ["              Example Corp.", "     Statement of Things (in thousands)", ""]
    if tagged:
        lines += ["<TABLE>", "<CAPTION>"]

    def row(label: str, cells: list[str], shift: int = 0) -> str:
        text = label.ljust(start + shift)
        for index, cell in enumerate(cells):
            text = text.ljust(start + shift + index * width) + cell.rjust(width - 2)
        return text.rstrip()

    for part in header:
        lines.append(row("", [part] * columns))
    lines.append(row("", years))
    if tagged:
        lines.append("<S>" + " " * (start - 3) + "".join("<C>".ljust(width) for _ in range(columns)))
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["row", "row", "row", "rule", "blank", "heading", "noise", "page"]))
        if kind == "row":
            cells = [draw(st.sampled_from(["1,234", "$ 56", "(78)", "--", "9.5%", "*", "(0.07)", "12,345,678"]))
                     for _ in range(columns)]
            lines.append(row(draw(st.sampled_from(LABELS)), cells, draw(st.sampled_from([0, 0, 0, 1, -1, 7]))))
        elif kind == "rule":
            lines.append(row("", ["-" * (width - 3)] * columns))
        elif kind == "blank":
            lines.append("")
        elif kind == "heading":
            lines.append(draw(st.sampled_from(["Current assets:", "EXPENSES", "Other income (expense):"])))
        elif kind == "noise":
            lines.append(draw(st.sampled_from(["  see note 4 and 5", "<C>", "12", "* less than 1,000",
                                               "  Fiscal 2004 results 2003"])))
        else:
            lines += ["", "<PAGE>", "", "          Example Corp. - page 2", ""]
    if tagged and draw(st.booleans()):
        lines.append("</TABLE>")
    return "\n".join(lines) + "\n"


def _table_text(table) -> str:
    parts = [table.title, table.heading or "", table.scale_note or "", table.column_heading or ""]
    parts += [c.heading for c in table.columns]
    parts += [text for r in table.rows for text in (r.label, *r.cells)]
    parts += list(table.footnotes)
    return " ".join(" ".join(p.split()) for p in parts)


def _check_accounted(text: str, fiscal_year_end: str | None) -> None:
    """Import ``text``; every number printed in a table region is imported or its line reported."""
    result = import_text(text, tiny_suggester(), fiscal_year_end)
    exhibit = read_exhibit(text)
    reported = {issue.line for issue in result.issues}
    imported = " ".join(_table_text(t) for t in result.tables)
    for region in exhibit.regions:
        if any(region.first <= issue.line <= region.last and "table" in issue.message for issue in result.issues):
            continue  # the whole table was reported as unreadable
        for line in region.lines:
            for number in NUMBER.findall(line.text):
                assert number in imported or line.number in reported, (line.number, line.text, number)
    for line in exhibit.stray:
        assert line.number in reported
    if result.tables:
        with tempfile.TemporaryDirectory() as folder:
            write_source(result, Path(folder) / "src")
            source = read_source(Path(folder) / "src")
            assert len(source.tables) == len(result.tables)
        assert render_files(result)["report.yaml"].startswith("# Imported")


class TestNeverDropsANumber:
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(exhibits(), st.sampled_from([None, "--06-30"]))
    def test_generated_tables(self, text: str, fiscal_year_end: str | None) -> None:
        _check_accounted(text, fiscal_year_end)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.sampled_from(["drop", "double", "shift", "garbage", "tag"]),
                              st.integers(0, 393), st.integers(-3, 3)), max_size=12))
    def test_the_seed_damaged(self, edits: list[tuple[str, int, int]]) -> None:
        lines = SEED.read_text(encoding="utf-8").splitlines()
        for action, index, amount in edits:
            index %= len(lines)
            if action == "drop":
                del lines[index]
            elif action == "double":
                lines.insert(index, lines[index])
            elif action == "shift":
                lines[index] = " " * max(amount, 0) + lines[index][max(-amount, 0):]
            elif action == "garbage":
                lines.insert(index, f"  {amount} odd {amount * 7},{amount}1 ( $")
            else:
                lines.insert(index, ["<TABLE>", "</TABLE>", "<PAGE>", "<S>  <C>", "<CAPTION>"][amount % 5])
        _check_accounted("\n".join(lines) + "\n", None)

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("0123456789$(),.-=*% abcXYZ\t\n<>/TABLECSP:")), max_size=600))
    def test_any_text_never_crashes(self, text: str) -> None:
        _check_accounted(text, None)
