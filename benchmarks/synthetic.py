"""Synthetic report sources of a chosen size, built from real US-GAAP concepts.

About 50 concepts × periods × segment members, ~10% negative values, mixed units (monetary,
shares, per-share, percent). Deterministic: the same size always gives the same source.
"""

from __future__ import annotations

import random
from pathlib import Path

# Real US-GAAP 2024 duration concepts: (name, kind). Kinds decide the printed form and unit.
CONCEPTS: list[tuple[str, str]] = [
    ("Revenues", "monetary"), ("CostOfRevenue", "monetary"), ("GrossProfit", "monetary"),
    ("ResearchAndDevelopmentExpense", "monetary"), ("SellingAndMarketingExpense", "monetary"),
    ("GeneralAndAdministrativeExpense", "monetary"), ("ShareBasedCompensation", "monetary"),
    ("CostsAndExpenses", "monetary"), ("OperatingIncomeLoss", "monetary"),
    ("InvestmentIncomeInterest", "monetary"), ("GainLossOnInvestments", "monetary"), ("InterestExpense", "monetary"),
    ("NonoperatingIncomeExpense", "monetary"),
    ("IncomeTaxExpenseBenefit", "monetary"), ("NetIncomeLoss", "monetary"), ("DividendsPreferredStock", "monetary"),
    ("NetIncomeLossAvailableToCommonStockholdersBasic", "monetary"), ("ComprehensiveIncomeNetOfTax", "monetary"),
    ("DepreciationDepletionAndAmortization", "monetary"), ("InventoryWriteDown", "monetary"),
    ("GoodwillAndIntangibleAssetImpairment", "monetary"), ("ImpairmentOfInvestments", "monetary"),
    ("AdvertisingExpense", "monetary"), ("AmortizationOfIntangibleAssets", "monetary"), ("Depreciation", "monetary"),
    ("LaborAndRelatedExpense", "monetary"), ("OperatingLeaseExpense", "monetary"),
    ("RestructuringCharges", "monetary"), ("OtherNonoperatingIncomeExpense", "monetary"),
    ("ProfessionalFees", "monetary"), ("ProvisionForDoubtfulAccounts", "monetary"),
    ("PaymentsToAcquirePropertyPlantAndEquipment", "monetary"), ("PaymentsOfDividends", "monetary"),
    ("ProceedsFromIssuanceOfCommonStock", "monetary"), ("RepaymentsOfDebt", "monetary"),
    ("NetCashProvidedByUsedInOperatingActivities", "monetary"),
    ("NetCashProvidedByUsedInInvestingActivities", "monetary"),
    ("NetCashProvidedByUsedInFinancingActivities", "monetary"), ("IncomeTaxesPaid", "monetary"),
    ("InterestPaid", "monetary"), ("CostOfGoodsAndServicesSold", "monetary"),
    ("OtherCostAndExpenseOperating", "monetary"), ("RevenueFromContractWithCustomerExcludingAssessedTax", "monetary"),
    ("EmployeeBenefitsAndShareBasedCompensation", "monetary"),
    ("WeightedAverageNumberOfSharesOutstandingBasic", "shares"),
    ("WeightedAverageNumberOfDilutedSharesOutstanding", "shares"),
    ("EarningsPerShareBasic", "perShare"), ("EarningsPerShareDiluted", "perShare"),
    ("EffectiveIncomeTaxRateContinuingOperations", "percent"), ("IncomeLossFromContinuingOperations", "monetary"),
]

REPORT = """\
schema_version: 1
document:
  name: syn-20241231
  title: Synthetic report of {facts} facts
entity:
  name: Synthetic Co.
  identifier: {{scheme: "http://www.sec.gov/CIK", value: "0000000001"}}
fiscal_year_end: "--12-31"
taxonomy: us-gaap-2024
currency: USD
extension:
  prefix: syn
  namespace: http://example.com/synthetic/20241231
  members:
{members}
axes:
  us-gaap:StatementBusinessSegmentsAxis: {{domain: us-gaap:SegmentDomain}}
periods:
{periods}
tables: [{tables}]
"""


def _printed(rng: random.Random, kind: str) -> str:
    negative = rng.random() < 0.10
    if kind == "monetary":
        text = f"{rng.randint(1, 9_999_999):,}"
    elif kind == "shares":
        text = f"{rng.randint(1_000, 99_999_999):,}"
    elif kind == "perShare":
        text = f"{rng.randint(1, 999) / 100:.2f}"
    else:
        return f"{rng.randint(1, 999) / 10:.1f}%"
    return f"({text})" if negative else text


def write_synthetic(folder: Path, facts: int, concepts: int = 50, periods: int = 20) -> Path:
    """Write a source of about ``facts`` facts into ``folder``; returns the folder."""
    rng = random.Random(facts)
    members = max(1, facts // (concepts * periods))
    used = CONCEPTS[:concepts]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    period_ids = [f"P{year}Q{quarter}" for year in range(2000, 2100) for quarter in range(1, 5)][:periods]
    period_lines = [f"  {pid}: {{fiscal: FY{pid[1:5]} {pid[5:]}}}" for pid in period_ids]
    member_lines = [f"    - {{name: Segment{m}Member, label: \"Segment {m} [Member]\", "
                    f"axis: us-gaap:StatementBusinessSegmentsAxis}}" for m in range(members)]
    tables = [f"segment{m}" for m in range(members)]
    (folder / "report.yaml").write_text(REPORT.format(
        facts=facts, members="\n".join(member_lines), periods="\n".join(period_lines), tables=", ".join(tables)),
        encoding="utf-8")
    header = "id,indent,label," + ",".join(period_ids) + "\n"
    rows_yaml = "".join(f"  r{i}:\n    concept: us-gaap:{name}\n" for i, (name, _) in enumerate(used))
    columns_yaml = "".join(f"  - {{id: {pid}, heading: \"{pid}\", period: {pid}}}\n" for pid in period_ids)
    for m, table in enumerate(tables):
        (folder / "tables" / f"{table}.yaml").write_text(
            f"title: Segment {m} results\nscale: 3\n"
            f"dimensions: {{us-gaap:StatementBusinessSegmentsAxis: syn:Segment{m}Member}}\n"
            f"columns:\n{columns_yaml}rows:\n{rows_yaml}", encoding="utf-8")
        lines = [header]
        for i, (name, kind) in enumerate(used):
            cells = ",".join(f'"{_printed(rng, kind)}"' for _ in period_ids)
            lines.append(f"r{i},0,{name},{cells}\n")
        (folder / "tables" / f"{table}.csv").write_text("".join(lines), encoding="utf-8")
    return folder
