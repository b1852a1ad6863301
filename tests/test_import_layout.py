"""Reading text exhibits as printed: lines, cells, rules, page headers, table regions, columns and
their headings, rows, and periods from column headings (exporter/importers/{layout,exhibit,tables,periods}.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from exporter.importers.exhibit import is_data_line, read_exhibit
from exporter.importers.layout import Line, is_header_line, read_lines, rule_of, split_line, strip_tags
from exporter.importers.periods import (
    duration_ending,
    find_fiscal_year_end,
    parse_fiscal_year_end,
    resolve_heading,
)
from exporter.importers.tables import read_table, unit_note
from tests.conftest import SEED
from tests.importing import SPLIT_STATEMENT


def cells_of(text: str) -> list[str]:
    return [c.text for c in split_line(text)[1]]


def label_of(text: str) -> str:
    return " ".join(c.text for c in split_line(text)[0])


class TestSplitLine:
    def test_currency_sign_printed_apart_is_one_cell(self) -> None:
        line = "   Services                                                        $      3,103        $      3,050"
        assert label_of(line) == "Services"
        assert cells_of(line) == ["$ 3,103", "$ 3,050"]

    def test_parenthesised_currency_and_negative(self) -> None:
        line = "Net loss                                          ($  818)         ($2,062)"
        assert cells_of(line) == ["($ 818)", "($2,062)"]
        assert cells_of("Net loss        $       (818)       $     (1,082)") == ["$ (818)", "$ (1,082)"]

    def test_dashes_percentages_per_share_and_footnote_marks(self) -> None:
        assert cells_of("Investment gain (loss)         --            (19)") == ["--", "(19)"]
        assert cells_of("Gross margin %                 61.5%         53.0%") == ["61.5%", "53.0%"]
        assert cells_of("Basic and diluted loss per share    $  (0.07)    $ (0.09)") == ["$ (0.07)", "$ (0.09)"]
        assert cells_of("Preferred stock                     *            *") == ["*", "*"]

    def test_numbers_inside_a_label_stay_in_the_label(self) -> None:
        line = "    compensation of $53 for the three months ended October 31, 2003)        945        1,110"
        assert cells_of(line) == ["945", "1,110"]
        assert label_of(line).endswith("October 31, 2003)")

    def test_cells_printed_one_space_apart(self) -> None:
        assert cells_of("Accounts receivable                 1,931 1,733") == ["1,931", "1,733"]

    def test_a_sentence_has_no_cells(self) -> None:
        assert cells_of("consolidated revenue compared to 15 % of total revenue in the year-ago period.") == []


class TestRuleOf:
    def test_single_and_double_rules_with_segments(self) -> None:
        rule = rule_of("                                            ------------        ------------")
        assert rule is not None and not rule.double
        assert rule.segments == ((44, 56), (64, 76))
        double = rule_of("           ============        ============")
        assert double is not None and double.double

    def test_text_is_not_a_rule(self) -> None:
        assert rule_of("Less: Net interest") is None
        assert rule_of("--") is None  # a dash cell, not a rule
        assert rule_of("") is None


class TestIsHeaderLine:
    @pytest.mark.parametrize("line", [
        "                                   Three Months Ended",
        "                                      2003                2002",
        "(000's)                          Fiscal 2004     Fiscal 2003      Fiscal 2003",
        "Consolidated                     First Quarter    Fourth Quarter  Third Quarter",
        "                                        October 31,       July 31,",
    ])
    def test_column_headings(self, line: str) -> None:
        assert is_header_line(line)

    @pytest.mark.parametrize("line", [
        "Net loss                                          ($  818)         ($2,062)",
        "Current assets:",
        "     o    Adjusted EBITDA for the first quarter of fiscal 2004 improved 29.8% to",
    ])
    def test_rows_and_prose_are_not_headings(self, line: str) -> None:
        assert not is_header_line(line)


@pytest.fixture(scope="module")
def seed():
    return read_exhibit(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_tables(seed):
    return [read_table(region) for region in seed.regions]


class TestReadExhibit:
    def test_finds_the_seed_tables_tagged_and_untagged(self, seed) -> None:
        assert [(r.first, r.tagged) for r in seed.regions] == [
            (77, True), (98, True), (116, True), (166, True), (238, True), (308, True),
            (334, False), (348, False), (375, False)]
        assert seed.stray == ()

    def test_running_headers_and_page_marks_are_left_out(self, seed) -> None:
        # "<PAGE>", then the release's title and the rule under it, at the top of pages 2 to 5.
        assert {64, 66, 67, 156, 158, 159, 227, 229, 230} <= seed.skipped
        assert seed.page_marks == (64, 156, 227, 302, 366)

    def test_section_headings_give_the_segment_of_a_table(self, seed) -> None:
        first = seed.regions[0]
        assert first.section is not None and first.section.text == "Segment Results - First Quarter Fiscal 2004"
        assert first.subsection is not None and first.subsection.text == "ICC.NET:"
        assert [r.subsection.text for r in seed.regions[1:3] if r.subsection] == ["Service Bureau",
                                                                                 "Professional Services"]

    def test_title_block_above_a_table(self, seed) -> None:
        operations = seed.regions[3]
        assert [line.text.strip() for line in operations.title_block] == [
            "INTERNET COMMERCE CORPORATION", "",
            "Consolidated Statements of Operations and Comprehensive Loss (unaudited)",
            "(in thousands, except for share and per share amounts)"]

    def test_page_number_headers_differ_only_by_number(self) -> None:
        exhibit = read_exhibit(SPLIT_STATEMENT)
        texts = [exhibit.line(n).text.strip() for n in sorted(exhibit.skipped)]
        assert "EXAMPLE CORP. - Page 2" in texts and "EXAMPLE CORP. - Page 3" in texts

    def test_a_lone_row_outside_tables_is_stray(self) -> None:
        text = "Some prose here.\n\nRevenue for the quarter                       $ 1,234\n\nMore prose.\n"
        exhibit = read_exhibit(text)
        assert exhibit.regions == ()
        assert [line.number for line in exhibit.stray] == [3]

    def test_tags_are_blanked_without_moving_text(self) -> None:
        assert strip_tags("<S>   Revenue     <C>  100") == "      Revenue          100"
        assert is_data_line("Revenue                                 $2,356           $1,949")


class TestReadTable:
    def test_columns_and_their_headings(self, seed_tables) -> None:
        operations = seed_tables[3]
        assert [c.spanning for c in operations.columns] == [("Three Months Ended", "October 31,")] * 2
        assert [c.headings for c in operations.columns] == [("2003",), ("2002",)]
        balance = seed_tables[4]
        assert [c.headings for c in balance.columns] == [("October 31,", "2003"), ("July 31,", "2003")]

    def test_wrapped_labels_are_one_row(self, seed_tables) -> None:
        labels = {row.label: row for row in seed_tables[3].rows}
        row = labels["General and administrative (excluding non-cash compensation of $53 for the three months "
                     "ended October 31, 2003)"]
        assert row.lines == (183, 184) and row.cells == ("945", "1,110")
        balance = {row.label: row for row in seed_tables[4].rows}
        # The label on one line, its numbers on the next.
        assert balance["Other non-current liabilities"].cells == ("--", "8")

    def test_headings_totals_and_footnotes(self, seed_tables) -> None:
        rows = seed_tables[4].rows
        headings = [r.label for r in rows if r.is_heading]
        assert headings[:2] == ["ASSETS", "Current assets:"]
        totals = [r.label for r in rows if r.rule_before == "single"]
        assert totals == ["Total current assets", "Total assets", "Total current liabilities", "Total liabilities",
                          "Total stockholders' equity", "Total liabilities and stockholders' equity"]
        assert seed_tables[4].footnotes == ("* less than 1,000",)

    def test_titles_and_unit_notes_in_the_caption(self, seed_tables) -> None:
        ebitda = seed_tables[5]
        assert ebitda.title_groups == (("INTERNET COMMERCE CORPORATION", "Supplementary Financial Data"),
                                       ("Reconciliation of Net Income to Adjusted EBITDA -", "Consolidated"))
        assert ebitda.unit_notes == ("(000's)",)
        assert len(ebitda.columns) == 5

    def test_grid_rules_are_not_totals(self, seed_tables) -> None:
        # The segment tables draw a rule under every row, from the left margin.
        assert [r.rule_before for r in seed_tables[0].rows] == [None, None, None]

    def test_repeated_headings_after_a_page_break(self) -> None:
        exhibit = read_exhibit(SPLIT_STATEMENT)
        layout = read_table(exhibit.regions[0])
        labels = [r.label for r in layout.rows]
        assert "Amortization of intangibles" in labels and "EXAMPLE CORP. - Page 2" not in labels
        amortization = next(r for r in layout.rows if r.label == "Amortization of intangibles")
        assert amortization.rule_before is None  # the rules under the repeated headings mark no total
        assert layout.issues == ()

    def test_a_table_without_amounts_is_reported(self) -> None:
        exhibit = read_exhibit("<TABLE>\nName           Title\nA. Person      Chairman\n</TABLE>\n")
        layout = read_table(exhibit.regions[0])
        assert layout.rows == () and layout.issues[0].line == 2


class TestUnitNote:
    @pytest.mark.parametrize(("text", "note"), [
        ("(in thousands, except for share and per share amounts)",
         "(in thousands, except for share and per share amounts)"),
        ("Consolidated Balance Sheets (in millions)", "(in millions)"),
        ("(000's)", "(000's)"),
        ("(Dollars in thousands)", None),
    ])
    def test_unit_notes(self, text: str, note: str | None) -> None:
        found = unit_note(text)
        if note is None:
            assert found is None or "thousands" in found
        else:
            assert found == note


class TestResolveHeading:
    def test_quarter_ended(self) -> None:
        period = resolve_heading(["Three Months Ended", "October 31,", "2003"], "--07-31").period
        assert period is not None
        assert (period.start, period.end, period.fiscal) == (dt.date(2003, 8, 1), dt.date(2003, 10, 31), "FY2004 Q1")
        assert period.id == "FY2004Q1"

    def test_balance_sheet_date(self) -> None:
        period = resolve_heading(["July 31,", "2003"], None, instant_table=True).period
        assert period is not None and period.is_instant and period.id == "AsOf20030731"

    def test_fiscal_quarter_through_the_year_end(self) -> None:
        period = resolve_heading(["Fourth Quarter", "Fiscal 2003"], "--07-31").period
        assert period is not None and (period.start, period.end) == (dt.date(2003, 5, 1), dt.date(2003, 7, 31))

    def test_fiscal_quarter_without_a_year_end_is_a_problem(self) -> None:
        resolved = resolve_heading(["First Quarter", "Fiscal 2004"], None)
        assert resolved.period is None and "--fiscal-year-end" in (resolved.problem or "")

    def test_year_and_weeks(self) -> None:
        year = resolve_heading(["Year Ended December 31,", "2003"], None).period
        assert year is not None and (year.start, year.end) == (dt.date(2003, 1, 1), dt.date(2003, 12, 31))
        weeks = resolve_heading(["13 Weeks Ended", "June 28, 2003"], None).period
        assert weeks is not None and weeks.start == dt.date(2003, 3, 30)
        assert weeks.id == "D20030330to20030628"

    def test_not_a_period(self) -> None:
        assert resolve_heading(["% Change"], None).period is None
        assert resolve_heading([], None).problem == "the column has no heading"


class TestDurationEnding:
    def test_month_ends_and_other_days(self) -> None:
        assert duration_ending(dt.date(2003, 10, 31), months=3) == dt.date(2003, 8, 1)
        assert duration_ending(dt.date(2004, 2, 29), months=12) == dt.date(2003, 3, 1)
        assert duration_ending(dt.date(2003, 9, 27), months=3) == dt.date(2003, 6, 28)


class TestFindFiscalYearEnd:
    def test_from_a_fiscal_quarter(self) -> None:
        text = "announced financial results for its fiscal\nfirst quarter ended October 31, 2003."
        found = find_fiscal_year_end(" ".join(text.split()))
        assert found is not None and found[0] == "--07-31"

    def test_from_the_seed(self) -> None:
        found = find_fiscal_year_end(" ".join(SEED.read_text(encoding="utf-8").split()))
        assert found == ("--07-31", "fiscal first quarter ended October 31")

    def test_stated_directly(self) -> None:
        assert find_fiscal_year_end("for the fiscal year ended June 30, 2003")[0] == "--06-30"  # type: ignore[index]
        assert find_fiscal_year_end("no dates here") is None


class TestParseFiscalYearEnd:
    @pytest.mark.parametrize(("text", "expected"), [
        ("--07-31", "--07-31"), ("07-31", "--07-31"), ("July 31", "--07-31"), ("7-31", "--07-31"),
        ("13-01", None), ("02-30", None), ("soon", None),
    ])
    def test_forms(self, text: str, expected: str | None) -> None:
        assert parse_fiscal_year_end(text) == expected


class TestReadLines:
    def test_tabs_expand_and_line_numbers_start_at_one(self) -> None:
        assert read_lines("a\tb\r\nc  \n") == (Line(1, "a       b"), Line(2, "c"))
