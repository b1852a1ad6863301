"""The data-quality checks (stage 4): each check on the ICC example (which must be clean) and on
copies with one thing broken (a number changed, a sign flipped, a line duplicated), asserting the
exact finding; the seed's real conflicts with the resolutions removed; the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.arelle import Message
from exporter.checks import (
    Finding,
    check_breakdowns,
    check_calculations,
    check_completeness,
    check_duplicates,
    check_placeholders,
    check_signs,
    run_checks,
    strict,
)
from exporter.checks.findings import Interval, amount, duplicates_interval, fact_interval, printed_negative
from exporter.cli import main
from exporter.facts.report import Report
from exporter.pipeline import build, load_report
from exporter.validation.source_terms import source_terms
from tests.conftest import EXAMPLE, SHARED_PACKAGES
from tests.sources import INCOME_CSV, INCOME_YAML, write_source


def report_of(folder: Path, packages: list[str]) -> Report:
    return load_report(folder, packages)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file, insisting that ``old`` is there exactly ``count`` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def where(finding: Finding, index: int = 0) -> tuple[str | None, str | None, str | None]:
    location = finding.locations[index]
    return location.table, location.row, location.column


def only(findings: tuple[Finding, ...], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


@pytest.fixture(scope="module")
def example(packages: list[str]) -> Report:
    return load_report(EXAMPLE, packages)


class TestCheckCalculations:
    def test_the_example_adds_up(self, example: Report) -> None:
        # Including the release's own differences of 1 (thousand) that rounding allows, e.g.
        # Adjusted EBITDA Q1 FY2003 (523) against (982) + 18 + 440 = (524).
        assert check_calculations(example) == ()

    def test_a_changed_number_breaks_its_total(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/balance_sheet.csv", '"$ 1,097"', '"$ 1,197"')  # cash, October 31
        (finding,) = check_calculations(report_of(example_copy, packages))
        assert (finding.severity, finding.code) == ("error", "calculation.inconsistent")
        assert where(finding) == ("balance_sheet", "total_current_assets", "AsOf20031031")
        assert finding.locations[0].period == "2003-10-31"
        assert finding.locations[0].file.endswith("tables/balance_sheet.csv")
        assert (finding.value("total"), finding.value("sum"), finding.value("difference")) == (
            "3377000", "3477000", "-100000")
        assert finding.value("parts") == ("cash=1197000, marketable_securities=101000, receivables=1931000, "
                                          "prepaid=248000")
        assert ("Total current assets, Consolidated Balance Sheets (unaudited), October 31, 2003 (2003-10-31): "
                "the total is printed 3,377 but its parts add up to 3,477: Cash and cash equivalents 1,197 + "
                "Marketable securities 101 + Accounts receivable") in finding.message
        assert "the difference is (100)" in finding.message

    @pytest.mark.parametrize(("printed", "consistent"), [("3,379", True), ("3,380", False)])
    def test_rounding_tolerance_is_that_of_calculations_1_1(self, example_copy: Path, packages: list[str],
                                                            printed: str, consistent: bool) -> None:
        # Four parts of ±500 each and a total of ±500: 3,377 may be printed up to 3,379.
        edit(example_copy / "tables/balance_sheet.csv", '"3,377"', f'"{printed}"')
        findings = check_calculations(report_of(example_copy, packages))
        assert [where(f) for f in findings] == ([] if consistent else
                                                [("balance_sheet", "total_current_assets", "AsOf20031031")])

    def test_every_column_is_checked(self, tmp_path: Path, packages: list[str]) -> None:
        # 2024 adds up (1,500 - 1,200 = 300); 2023 prints an operating loss of (150) for 1,400 - 1,250.
        lines = {"revenue": 'revenue,1,Revenue,"$ 1,500","$ 1,400"', "costs": 'costs,1,Cost of revenue,"1,200","1,250"',
                 "operating_income": "operating_income,1,Operating income (loss),300,(150)"}
        csv = "".join(lines.get(line.split(",", 1)[0], line) + "\n" for line in INCOME_CSV.splitlines())
        findings = check_calculations(report_of(write_source(tmp_path, income_csv=csv), packages))
        assert [(where(f), f.value("total"), f.value("sum")) for f in findings] == [
            (("income", "operating_income", "FY2023"), "-150000", "150000")]

    def test_a_flipped_sign_is_pointed_out(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml",
             "    concept: us-gaap:InterestExpense\n    sign: negate\n", "    concept: us-gaap:InterestExpense\n")
        first = check_calculations(report_of(example_copy, packages))[0]
        assert (where(first), first.value("total"), first.value("sum"), first.value("difference")) == (
            ("operations", "total_other", "Q1FY2004"), "-12000", "14000", "-26000")
        assert "The difference is twice the 13 of Interest expense: is its sign wrong" in first.message

    def test_inconsistent_duplicates_leave_a_total_unchecked(self, example_copy: Path,
                                                             packages: list[str]) -> None:
        (example_copy / "resolutions.yaml").unlink()
        notes = only(check_calculations(report_of(example_copy, packages)), "calculation.not-checked")
        assert ("operations", "operating_loss", "Q1FY2004") in [where(f) for f in notes]
        assert all(f.severity == "info" for f in notes)


class TestCheckDuplicates:
    def test_the_example_has_only_consistent_duplicates(self, example: Report) -> None:
        assert check_duplicates(example) == ()

    def test_a_duplicated_line_that_agrees_is_fine(self, example_copy: Path, packages: list[str]) -> None:
        add_services_again(example_copy, '"$ 3,103","$ 3,050"')
        assert check_duplicates(report_of(example_copy, packages)) == ()

    def test_a_duplicated_line_that_disagrees_is_an_error(self, example_copy: Path, packages: list[str]) -> None:
        add_services_again(example_copy, '"$ 3,113","$ 3,050"')
        (finding,) = check_duplicates(report_of(example_copy, packages))
        assert (finding.severity, finding.code) == ("error", "duplicate.inconsistent")
        assert [where(finding, i) for i in range(len(finding.locations))] == [
            ("operations", "services", "Q1FY2004"), ("operations", "services_again", "Q1FY2004")]
        assert (finding.value("concept"), finding.value("values"), finding.value("period")) == (
            "us-gaap:Revenues", "3103000, 3113000", "2003-08-01/2003-10-31")
        assert "$ 3,103 in Services, Consolidated Statements of Operations" in finding.message
        assert "$ 3,113 in Services again" in finding.message

    @pytest.mark.parametrize(("printed", "consistent"), [('"1,500,400"', True), ('"1,500,600"', False)])
    def test_consistent_after_rounding_to_the_lower_decimals(self, tmp_path: Path, packages: list[str],
                                                             printed: str, consistent: bool) -> None:
        # Revenue printed in thousands (1,500: decimals -3) and again in dollars (decimals 0).
        write_source(
            tmp_path,
            income_yaml=INCOME_YAML + "  revenue_dollars:\n    concept: us-gaap:Revenues\n    scale: 0\n",
            income_csv=INCOME_CSV + f"revenue_dollars,1,Revenue in dollars,{printed},\n",
        )
        findings = check_duplicates(report_of(tmp_path, packages))
        assert [(f.value("values"), f.value("decimals")) for f in findings] == (
            [] if consistent else [(f"1500000, {printed.strip(chr(34)).replace(',', '')}", "-3, 0")])


def add_services_again(folder: Path, cells: str) -> None:
    """A second line mapped to the same concept as "Services" in the statement of operations."""
    edit(folder / "tables/operations.csv", "expenses_heading,", f"services_again,1,Services again,{cells}\n"
         "expenses_heading,")
    edit(folder / "tables/operations.yaml", "  cost_of_services:\n",
         "  services_again:\n    concept: us-gaap:Revenues\n  cost_of_services:\n")


class TestCheckSigns:
    def test_no_false_alarms_on_the_example(self, example: Report) -> None:
        # Net loss, accumulated deficit, investment loss and "Less: Net interest" are all negative.
        assert check_signs(example) == ()

    def test_an_expense_printed_in_parentheses_tagged_negative(self, example_copy: Path,
                                                               packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml",
             "    concept: us-gaap:InterestExpense\n    sign: negate\n", "    concept: us-gaap:InterestExpense\n")
        (finding,) = check_signs(report_of(example_copy, packages))
        assert (finding.severity, finding.code) == ("warning", "sign.negative")
        assert [where(finding, i) for i in range(2)] == [("operations", "interest_expense", "Q1FY2004"),
                                                          ("operations", "interest_expense", "Q1FY2003")]
        assert (finding.value("concept"), finding.value("balance"), finding.value("values")) == (
            "us-gaap:InterestExpense", "debit", "-13000, -5000")
        assert finding.value("fix") == "add `sign: negate` to row interest_expense in tables/operations.yaml"
        assert finding.message.startswith("Interest expense (Consolidated Statements of Operations and "
                                          "Comprehensive Loss (unaudited)): printed (13) tagged (13), (5) "
                                          "tagged (5) as us-gaap:InterestExpense, which has a debit balance")

    def test_an_expense_negated_by_mistake(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml", "    concept: us-gaap:SellingAndMarketingExpense\n",
             "    concept: us-gaap:SellingAndMarketingExpense\n    sign: negate\n")
        (finding,) = check_signs(report_of(example_copy, packages))
        assert (finding.code, where(finding), finding.value("values")) == (
            "sign.negative", ("operations", "selling_and_marketing", "Q1FY2004"), "-826000, -764000")
        assert finding.value("fix") == "drop `sign: negate` from row selling_and_marketing in tables/operations.yaml"

    def test_a_loss_tagged_positive(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/ebitda_van.yaml", "    concept: us-gaap:NetIncomeLoss\n",
             "    concept: us-gaap:NetIncomeLoss\n    sign: negate\n")
        (finding,) = check_signs(report_of(example_copy, packages))
        assert (finding.severity, finding.code, where(finding), finding.value("values")) == (
            "warning", "sign.loss-positive", ("ebitda_van", "net_loss", "Q1FY2004"), "315000")
        assert finding.value("fix") == "drop `sign: negate` from row net_loss in tables/ebitda_van.yaml"
        assert "where a positive value means income, but the line is a loss" in finding.message

    def test_a_loss_printed_without_parentheses(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, income_csv=INCOME_CSV.replace("Operating income (loss),300,(150)",
                                                             "Operating loss,300,(150)"))
        (finding,) = check_signs(report_of(tmp_path, packages))
        assert (finding.code, where(finding), finding.value("values"), finding.value("fix")) == (
            "sign.loss-positive", ("income", "operating_income", "FY2024"), "300000",
            "add `sign: negate` to row operating_income in tables/income.yaml")

    def test_income_negated_by_mistake(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml", "    concept: us-gaap:InvestmentIncomeInterest\n",
             "    concept: us-gaap:InvestmentIncomeInterest\n    sign: negate\n")
        (finding,) = check_signs(report_of(example_copy, packages))
        assert (finding.code, where(finding), finding.value("values"), finding.value("balance")) == (
            "sign.negative", ("operations", "interest_income", "Q1FY2004"), "-1000, -5000", "credit")
        assert "reported positive (revenue, income or a liability)" in finding.message

    def test_a_gain_negated_by_mistake(self, example_copy: Path, packages: list[str]) -> None:
        # A gain-or-loss concept may be negative, but not for a line printed as a gain without parentheses.
        concept = ("    concept: us-gaap:OtherComprehensiveIncomeUnrealizedHoldingGainLoss"
                   "OnSecuritiesArisingDuringPeriodNetOfTax\n")
        edit(example_copy / "tables/operations.yaml", concept, concept + "    sign: negate\n")
        findings = check_signs(report_of(example_copy, packages))
        assert [(f.code, where(f), f.value("values"), f.value("fix")) for f in findings] == [
            ("sign.gain-negative", ("operations", "unrealized_gain", "Q1FY2004"), "-9000, -13000",
             "drop `sign: negate` from row unrealized_gain in tables/operations.yaml")]


class TestCheckBreakdowns:
    def test_the_example_breakdowns_add_up(self, example: Report) -> None:
        # ICC.NET Q4 FY2003: 2,257 + 150 = 2,407 against 2,406, and the segments of Q1 FY2004
        # 2,441 + 308 + 355 = 3,104 against 3,103: within rounding.
        assert check_breakdowns(example) == ()

    def test_product_lines_that_do_not_add_up_to_the_segment(self, example_copy: Path,
                                                             packages: list[str]) -> None:
        edit(example_copy / "tables/segment_iccnet.csv", "Mapping Revenue,$85,", "Mapping Revenue,$95,")
        (finding,) = check_breakdowns(report_of(example_copy, packages))
        assert (finding.severity, finding.code) == ("warning", "breakdown.inconsistent")
        assert [where(finding, i) for i in range(3)] == [("segment_iccnet", "iccnet_revenue", "Q1FY2004"),
                                                          ("segment_iccnet", "core_van_revenue", "Q1FY2004"),
                                                          ("segment_iccnet", "mapping_revenue", "Q1FY2004")]
        assert (finding.value("axis"), finding.value("total"), finding.value("sum"),
                finding.value("difference")) == ("srt:ProductOrServiceAxis", "2441000", "2451000", "-10000")
        assert finding.value("members") == "icc:CoreVanServicesMember, icc:MappingServicesMember"
        assert ("its breakdown by Product Or Service adds up to 2,451: Core VAN Services [Member] 2,356 + "
                "Mapping Services [Member] 95") in finding.message

    def test_segments_that_do_not_add_up_to_the_consolidated_total(self, example_copy: Path,
                                                                   packages: list[str]) -> None:
        edit(example_copy / "tables/segment_service_bureau.csv", "Revenue,$308,", "Revenue,$318,")
        (finding,) = check_breakdowns(report_of(example_copy, packages))
        assert where(finding) == ("operations", "services", "Q1FY2004")
        assert (finding.value("axis"), finding.value("total"), finding.value("sum")) == (
            "us-gaap:StatementBusinessSegmentsAxis", "3103000", "3114000")
        assert finding.value("members") == ("icc:IccNetMember, icc:ServiceBureauMember, "
                                            "icc:ProfessionalServicesMember")

    def test_an_incomplete_breakdown_is_not_checked(self, example_copy: Path, packages: list[str]) -> None:
        # Without the Q1 FY2004 mapping revenue, Core VAN alone is not the whole of ICC.NET.
        edit(example_copy / "tables/segment_iccnet.csv", "Mapping Revenue,$85,", "Mapping Revenue,,")
        edit(example_copy / "tables/segment_iccnet.csv", '"$2,356"', '"$2,000"')
        edit(example_copy / "tables/gross_margin_van.csv", '"$2,356"', '"$2,000"')
        assert check_breakdowns(report_of(example_copy, packages)) == ()


class TestCheckCompleteness:
    def test_the_example_notes_its_resolutions(self, example: Report) -> None:
        findings = check_completeness(example)
        assert {f.severity for f in findings} == {"info"}
        assert [where(f) for f in only(findings, "completeness.excluded")] == [
            ("ebitda_consolidated", "net_loss", "Q1FY2003"),
            ("ebitda_consolidated", "impairment_goodwill", "Q4FY2003"),
            ("gross_margin_consolidated", "revenue", "Q1FY2004"),
            ("gross_margin_consolidated", "cost_of_services", "Q1FY2004"),
            ("gross_margin_consolidated", "cost_of_services", "Q1FY2003"),
            ("gross_margin_consolidated", "cost_of_services_repeated", "Q1FY2004"),
            ("gross_margin_consolidated", "cost_of_services_repeated", "Q1FY2003")]
        (moved,) = only(findings, "completeness.moved")
        assert (where(moved), moved.value("to_column"), moved.locations[0].period) == (
            ("ebitda_consolidated", "impairment_goodwill", "Q1FY2004"), "Q4FY2003", "2003-05-01/2003-07-31")

    def test_a_printed_number_without_a_concept_is_an_error(self, example_copy: Path,
                                                            packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml",
             "  weighted_shares:\n    concept: us-gaap:WeightedAverageNumberOfShareOutstandingBasicAndDiluted\n", "")
        findings = only(check_completeness(report_of(example_copy, packages)), "completeness.untagged")
        assert [(f.severity, where(f), f.value("printed"), f.locations[0].line) for f in findings] == [
            ("error", ("operations", "weighted_shares", "Q1FY2004"), "13,797,567", 21),
            ("error", ("operations", "weighted_shares", "Q1FY2003"), "11,679,964", 21)]
        assert findings[0].message.startswith(
            "Weighted average number of common shares outstanding - basic and diluted, Consolidated Statements "
            "of Operations and Comprehensive Loss (unaudited), Three Months Ended October 31, 2003: the printed "
            "number '13,797,567' is not tagged and the source does not say why.")

    def test_a_commented_untagged_number_is_a_note(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/operations.yaml",
             "    concept: us-gaap:WeightedAverageNumberOfShareOutstandingBasicAndDiluted\n",
             "    comment: not needed for this test\n")
        findings = only(check_completeness(report_of(example_copy, packages)), "completeness.commented")
        assert [(f.severity, where(f)) for f in findings] == [
            ("info", ("operations", "weighted_shares", "Q1FY2004")),
            ("info", ("operations", "weighted_shares", "Q1FY2003"))]
        assert findings[0].message.endswith("is printed but not tagged: not needed for this test")

    def test_a_mapped_line_without_values_is_a_warning(self, example_copy: Path, packages: list[str]) -> None:
        edit(example_copy / "tables/balance_sheet.yaml", "  common_stock:\n",
             "  commitments:\n    concept: us-gaap:CommitmentsAndContingencies\n  common_stock:\n")
        (finding,) = only(check_completeness(report_of(example_copy, packages)), "completeness.no-value")
        assert (finding.severity, finding.locations[0].table, finding.locations[0].row,
                finding.value("concept")) == ("warning", "balance_sheet", "commitments",
                                              "us-gaap:CommitmentsAndContingencies")


class TestCheckPlaceholders:
    def test_each_placeholder_is_a_warning(self, example: Report) -> None:
        findings = check_placeholders(example)
        assert [(f.severity, f.value("what"), f.value("value"), f.locations[0].line) for f in findings] == [
            ("warning", "entity identifier", "0000000000", 17),
            ("warning", "dei:DocumentType", "8-K", 96),
            ("warning", "dei:EntityCentralIndexKey", "0000000000", 118)]
        assert findings[0].message.startswith("placeholder entity identifier = '0000000000': the value is not in "
                                              "the source: ICC's CIK is not given in the press release.")

    def test_strict_makes_them_errors(self, example: Report) -> None:
        assert {f.severity for f in strict(check_placeholders(example))} == {"error"}


class TestSeedConflicts:
    """With resolutions.yaml removed, every conflict of the printed release is found."""

    def test_all_conflicts_are_found(self, example_copy: Path, packages: list[str]) -> None:
        (example_copy / "resolutions.yaml").unlink()
        errors = [f for f in run_checks(report_of(example_copy, packages)) if f.severity == "error"]
        found = {(f.code, where(f)): f for f in errors}
        assert sorted(found) == sorted([
            ("calculation.inconsistent", ("ebitda_consolidated", "adjusted_ebitda", "Q1FY2004")),
            ("calculation.inconsistent", ("ebitda_consolidated", "adjusted_ebitda", "Q4FY2003")),
            ("duplicate.inconsistent", ("operations", "services", "Q1FY2004")),
            ("duplicate.inconsistent", ("operations", "cost_of_services", "Q1FY2004")),
            ("duplicate.inconsistent", ("operations", "cost_of_services", "Q1FY2003")),
            ("duplicate.inconsistent", ("operations", "net_loss", "Q1FY2003")),
        ])
        assert len(errors) == len(found)
        # Revenue 3,103 (statement) against 3,104 (gross margin reconciliation), Q1 FY2004.
        revenue = found[("duplicate.inconsistent", ("operations", "services", "Q1FY2004"))]
        assert revenue.value("values") == "3103000, 3104000"
        assert where(revenue, 1) == ("gross_margin_consolidated", "revenue", "Q1FY2004")
        # Cost of services 1,860 against 1,861 (both reconciliation lines) and 1,879 against 1,878.
        assert found[("duplicate.inconsistent", ("operations", "cost_of_services", "Q1FY2004"))].value(
            "values") == "1860000, 1861000, 1861000"
        assert found[("duplicate.inconsistent", ("operations", "cost_of_services", "Q1FY2003"))].value(
            "values") == "1879000, 1878000, 1878000"
        # Net loss Q1 FY2003: (982) twice in the statement, (981) in the Adjusted EBITDA reconciliation.
        net_loss = found[("duplicate.inconsistent", ("operations", "net_loss", "Q1FY2003"))]
        assert net_loss.value("values") == "-982000, -982000, -981000"
        assert where(net_loss, 2) == ("ebitda_consolidated", "net_loss", "Q1FY2003")
        # The impairment of 982 printed in the Q1 FY2004 column belongs to Q4 FY2003.
        q1 = found[("calculation.inconsistent", ("ebitda_consolidated", "adjusted_ebitda", "Q1FY2004"))]
        assert (q1.value("total"), q1.value("sum"), q1.value("difference")) == ("-367000", "615000", "-982000")
        assert ("Without the 982 of Impairment of goodwill and acquired intangibles printed in this column, the "
                "parts would add up to the total") in q1.message
        q4 = found[("calculation.inconsistent", ("ebitda_consolidated", "adjusted_ebitda", "Q4FY2003"))]
        assert (q4.value("total"), q4.value("sum"), q4.value("difference")) == ("-604000", "-1586000", "982000")
        assert ("The difference equals the 982 of Impairment of goodwill and acquired intangibles printed in the "
                "First Quarter Fiscal 2004 column") in q4.message

    def test_with_the_resolutions_the_example_is_clean(self, example: Report) -> None:
        findings = run_checks(example)
        assert [f for f in findings if f.severity == "error"] == []
        assert {f.code for f in findings if f.severity == "warning"} == {"placeholder"}


class TestCheckCommand:
    def run(self, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--taxonomy-package", str(SHARED_PACKAGES)])
        return result.exit_code, result.output

    def test_clean_example_exits_0(self) -> None:
        code, output = self.run("check", str(EXAMPLE))
        assert code == 0
        assert "Calculations: nothing found" in output
        assert "Placeholders: 3 warnings" in output
        assert output.rstrip().endswith("clean: 0 errors, 3 warnings, 8 notes")

    def test_strict_turns_warnings_into_errors(self) -> None:
        code, output = self.run("check", "--strict", str(EXAMPLE))
        assert code == 1
        assert "NOT CLEAN: 3 errors, 0 warnings, 8 notes" in output

    def test_seed_conflicts_exit_1_grouped_by_check_and_table(self, example_copy: Path) -> None:
        (example_copy / "resolutions.yaml").unlink()
        code, output = self.run("check", str(example_copy))
        assert code == 1
        calculations, duplicates = output.index("Calculations: 2 errors"), output.index("Duplicate facts: 4 errors")
        assert calculations < output.index("  Reconciliation of Net Income to Adjusted EBITDA - Consolidated "
                                           "[ebitda_consolidated]") < duplicates
        assert "NOT CLEAN: 6 errors, 3 warnings" in output

    def test_json_has_the_same_findings(self, example_copy: Path, packages: list[str]) -> None:
        (example_copy / "resolutions.yaml").unlink()
        code, output = self.run("check", "--format", "json", str(example_copy))
        assert code == 1
        data = json.loads(output)
        expected = run_checks(report_of(example_copy, packages))
        assert (data["ok"], data["errors"], data["warnings"]) == (False, 6, 3)
        assert [f["code"] for f in data["findings"]] == [f.code for f in expected]
        first = next(f for f in data["findings"] if f["code"] == "calculation.inconsistent")
        assert first["locations"][0]["row"] == "adjusted_ebitda"
        assert first["values"]["difference"] == "-982000"

    def test_bad_usage_exits_2(self, tmp_path: Path) -> None:
        assert self.run("check", str(tmp_path / "missing"))[0] == 2
        assert self.run("check", "--format", "xml", str(EXAMPLE))[0] == 2

    def test_build_refuses_to_write_when_there_are_errors(self, example_copy: Path, tmp_path: Path) -> None:
        (example_copy / "resolutions.yaml").unlink()
        out = tmp_path / "out"
        code, output = self.run("build", str(example_copy), "--out", str(out))
        assert code == 1
        assert "nothing written: the checks found 6 errors" in output
        assert not out.exists()

    def test_build_with_strict_refuses_warnings(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        code, output = self.run("build", "--strict", str(EXAMPLE), "--out", str(out))
        assert (code, out.exists()) == (1, False)
        assert "warnings count as errors with --strict" in output

    def test_build_writes_a_clean_report(self, tmp_path: Path) -> None:
        code, output = self.run("build", str(EXAMPLE), "--out", str(tmp_path / "out"))
        assert code == 0, output
        assert "warning [placeholder]" in output
        assert (tmp_path / "out" / "icc-20031031.json").is_file()


class TestValidationSourceTerms:
    def test_calculation_message_names_tables_rows_and_columns(self) -> None:
        message = Message("INCONSISTENCY", "calc11e:inconsistentCalculationUsingRounding", "...", (
            "f-ebitda_consolidated-adjusted_ebitda-Q4FY2003", "f-ebitda_consolidated-net_loss-Q4FY2003",
            "f-operations-general_and_administrative-Q1FY2004-label1"))
        assert source_terms(message) == (
            "table ebitda_consolidated, column Q4FY2003: rows adjusted_ebitda, net_loss; "
            "table operations, column Q1FY2004: row general_and_administrative (number 1 in its label)")

    def test_duplicate_message_and_others(self) -> None:
        duplicate = Message("WARNING", "arelle:duplicateFacts", "...",
                            ("f-operations-services-Q1FY2004", "f-gross_margin_consolidated-revenue-Q1FY2004"))
        assert source_terms(duplicate) == ("table operations, column Q1FY2004: row services; "
                                           "table gross_margin_consolidated, column Q1FY2004: row revenue")
        other = Message("ERROR", "xbrl.4.6.2:numericUnit", "...", ("f-operations-services-Q1FY2004",))
        assert source_terms(other) == ""

    def test_validate_prints_source_terms(self, example_copy: Path, tmp_path: Path, packages: list[str]) -> None:
        (example_copy / "resolutions.yaml").unlink()
        built = build(example_copy, tmp_path / "out", packages)  # the library call has no gate
        result = CliRunner().invoke(main, ["validate", str(built.json_path), "--taxonomy-package",
                                           str(SHARED_PACKAGES)])
        assert ("  in the source: table ebitda_consolidated, column Q4FY2003: rows adjusted_ebitda, net_loss, "
                "net_interest") in result.output
        assert ("  in the source: table operations, column Q1FY2004: row services; table gross_margin_consolidated, "
                "column Q1FY2004: row revenue") in result.output


class TestNumbers:
    def test_intervals(self, example: Report) -> None:
        fact = example.fact("f-operations-services-Q1FY2004")
        assert fact is not None
        assert fact_interval(fact) == Interval(Decimal("3102500"), Decimal("3103500"))
        assert Interval(Decimal(1), Decimal(2)).times(-1) == Interval(Decimal(-2), Decimal(-1))
        copies = [f for f in example.facts if f.id in ("f-operations-net_loss-Q1FY2003",
                                                       "f-operations-net_loss_comprehensive-Q1FY2003")]
        assert duplicates_interval(copies) == Interval(Decimal("-982500"), Decimal("-981500"))

    def test_amounts_as_printed(self) -> None:
        assert (amount(Decimal("-367000"), 3), amount(Decimal("3477000"), 3), amount(Decimal("-0.07")),
                amount(Decimal("0.615"), percent=True)) == ("(367)", "3,477", "(0.07)", "61.5%")
        assert [printed_negative(t) for t in ("(13)", "$ (818)", "($ 818)", "-5", "12", "$ 3,103", "--")] == [
            True, True, True, True, False, False, False]


class TestWrap:
    """The report's fast line wrapping gives exactly textwrap's lines."""

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(list("ab cdefghij,.()-\t\n\u00a0") + ["longwordwithoutspaces"]),
                    max_size=120).map("".join),
           st.integers(min_value=8, max_value=100))
    def test_same_lines_as_textwrap(self, text: str, width: int) -> None:
        import textwrap

        from exporter.checks.command import wrap

        expected = textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="      ",
                                 break_on_hyphens=False, break_long_words=False)
        assert wrap(text, width, "    ", "      ") == expected
