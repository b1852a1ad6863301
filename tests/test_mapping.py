"""The mapping layer on small hand-made sources: values, signs, scale, decimals, contexts, units,
and the errors a mapping that contradicts the taxonomy must give."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from exporter.errors import SourceError
from exporter.facts.model import Fact
from exporter.pipeline import load_report
from tests.sources import BALANCE_YAML, INCOME_CSV, INCOME_YAML, REPORT, write_source


def facts_by_id(folder: Path, packages: list[str]) -> dict[str, Fact]:
    return {fact.id: fact for fact in load_report(folder, packages).facts}


def mapping_error(folder: Path, packages: list[str]) -> str:
    with pytest.raises(SourceError) as caught:
        load_report(folder, packages)
    return str(caught.value)


class TestMapSource:
    def test_values_scale_sign_and_decimals(self, tmp_path: Path, packages: list[str]) -> None:
        facts = facts_by_id(write_source(tmp_path), packages)
        revenue = facts["f-income-revenue-FY2024"]
        assert (revenue.value, revenue.decimals, revenue.unit.oim()) == (Decimal(1500000), -3, "iso4217:USD")
        loss = facts["f-income-operating_income-FY2023"]
        assert (loss.value, loss.shown.negative) == (Decimal(-150000), True)
        # "Interest expense (20)" with sign: negate is a positive expense of 20 thousand.
        interest = facts["f-income-interest-FY2024"]
        assert (interest.value, interest.shown.negative) == (Decimal(20000), False)
        # A dash is a nil value, tagged as zero with the table's precision.
        dash = facts["f-income-interest-FY2023"]
        assert (dash.value, dash.decimals, dash.shown.nil_dash) == (Decimal(0), -3, True)
        # Per-share amounts are not "in thousands".
        eps = facts["f-income-eps-FY2023"]
        assert (eps.value, eps.decimals, eps.unit.oim()) == (Decimal("-0.05"), 2, "iso4217:USD/xbrli:shares")
        assert all(isinstance(f.value, Decimal) for f in facts.values() if f.concept.is_numeric)

    def test_periods_and_dimensions(self, tmp_path: Path, packages: list[str]) -> None:
        facts = facts_by_id(write_source(tmp_path), packages)
        widgets = facts["f-income-widgets-FY2024"].context
        assert widgets.period.oim() == "2024-01-01T00:00:00/2025-01-01T00:00:00"
        assert [(str(a), str(m)) for a, m in widgets.dimensions] == [("srt:ProductOrServiceAxis", "ex:WidgetsMember")]
        assert facts["f-balance-cash-AsOf2024"].context.period.oim() == "2025-01-01T00:00:00"

    def test_contexts_and_units_are_shared_by_value(self, tmp_path: Path, packages: list[str]) -> None:
        facts = facts_by_id(write_source(tmp_path), packages)
        assert facts["f-income-revenue-FY2024"].context == facts["f-income-costs-FY2024"].context
        assert facts["f-income-revenue-FY2024"].context != facts["f-income-widgets-FY2024"].context
        assert len({f.context for f in facts.values()}) == 5  # FY2024, FY2023, both with widgets, instant

    def test_percentages(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(
            tmp_path,
            income_yaml=INCOME_YAML + "  margin:\n    concept: ex:Margin\n",
            income_csv=INCOME_CSV + "margin,1,Margin %,61.5%,40%\n",
            report=REPORT.replace(
                "  members:",
                "    - {name: Margin, label: Margin, type: percent, period_type: duration}\n  members:"),
        )
        facts = facts_by_id(tmp_path, packages)
        margin = facts["f-income-margin-FY2024"]
        assert (margin.value, margin.decimals, margin.unit.oim()) == (Decimal("0.615"), 3, "xbrli:pure")

    def test_calculation_weights_follow_balances(self, tmp_path: Path, packages: list[str]) -> None:
        report = load_report(write_source(tmp_path), packages)
        (summation,) = report.summations
        assert [(row, str(concept), weight) for row, concept, weight in summation.items] == [
            ("revenue", "us-gaap:Revenues", 1), ("costs", "us-gaap:CostOfRevenue", -1)]

    def test_unknown_concept_suggests_real_ones(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("us-gaap:CostOfRevenue", "us-gaap:CostOfRevenues"))
        message = mapping_error(tmp_path, packages)
        assert "tables/income.yaml:13 (field rows.costs): unknown concept 'us-gaap:CostOfRevenues'" in message
        assert "did you mean us-gaap:CostOfRevenue" in message

    def test_wrong_period_type(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, balance_yaml=BALANCE_YAML.replace("us-gaap:CashAndCashEquivalentsAtCarryingValue",
                                                                 "us-gaap:Revenues"))
        message = mapping_error(tmp_path, packages)
        assert "us-gaap:Revenues is a duration concept but period AsOf2024 is an instant" in message
        assert "tables/balance.yaml:6 (field rows.cash)" in message

    def test_wrong_unit(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("concept: us-gaap:EarningsPerShareBasic",
                                                               "concept: us-gaap:EarningsPerShareBasic\n    unit: USD"))
        assert "unit 'USD' does not fit us-gaap:EarningsPerShareBasic" in mapping_error(tmp_path, packages)

    def test_member_not_on_its_axis(self, tmp_path: Path, packages: list[str]) -> None:
        segments = "  us-gaap:StatementBusinessSegmentsAxis: {domain: us-gaap:SegmentDomain}\n"
        report = REPORT.replace("axes:\n", "axes:\n" + segments)
        write_source(tmp_path, report=report, income_yaml=INCOME_YAML.replace(
            "srt:ProductOrServiceAxis: ex:WidgetsMember", "us-gaap:StatementBusinessSegmentsAxis: ex:WidgetsMember"))
        message = mapping_error(tmp_path, packages)
        assert "member ex:WidgetsMember is not on axis us-gaap:StatementBusinessSegmentsAxis" in message

    def test_weight_against_balances(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("total: [revenue, costs]", "total: [revenue, +costs]"))
        message = mapping_error(tmp_path, packages)
        assert ("weight +1 for us-gaap:CostOfRevenue (debit) in the total us-gaap:OperatingIncomeLoss (credit)"
                in message)

    def test_text_concept_on_a_number_line(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, balance_yaml=BALANCE_YAML.replace("us-gaap:CashAndCashEquivalentsAtCarryingValue",
                                                                 "dei:EntityRegistrantName"))
        assert "is not numeric, but the line prints numbers" in mapping_error(tmp_path, packages)

    def test_untagged_number_is_recorded(self, tmp_path: Path, packages: list[str]) -> None:
        write_source(tmp_path, income_csv=INCOME_CSV + "other,1,Other,5,6\n")
        report = load_report(tmp_path, packages)
        assert [(u.row, u.column, u.printed, u.reason) for u in report.untagged] == [
            ("other", "FY2024", "5", None), ("other", "FY2023", "6", None)]
