"""Small hand-made report sources for tests: valid by default, easy to break one thing at a time."""

from __future__ import annotations

from pathlib import Path

REPORT = """\
schema_version: 1
document:
  name: ex-20241231
  title: Example Co. results
entity:
  name: Example Co.
  identifier: {scheme: "http://www.sec.gov/CIK", value: "0000000001"}
fiscal_year_end: "--12-31"
taxonomy: us-gaap-2024
currency: USD
extension:
  prefix: ex
  namespace: http://example.com/20241231
  concepts:
    - {name: AdjustedEbitda, label: Adjusted EBITDA, type: monetary, period_type: duration}
  members:
    - {name: WidgetsMember, label: "Widgets [Member]", axis: srt:ProductOrServiceAxis}
    - {name: GadgetsMember, label: "Gadgets [Member]", axis: srt:ProductOrServiceAxis}
axes:
  srt:ProductOrServiceAxis: {domain: srt:ProductsAndServicesDomain}
periods:
  FY2024: {fiscal: FY2024}
  FY2023: {start: 2023-01-01, end: 2023-12-31}
  AsOf2024: {instant: 2024-12-31}
cover:
  - {concept: dei:DocumentType, value: 10-K, period: FY2024}
tables: [income, balance]
"""

INCOME_YAML = """\
title: Statement of Income
scale_note: (in thousands, except per share amounts)
scale: 3
columns:
  - {id: FY2024, heading: "2024", period: FY2024}
  - {id: FY2023, heading: "2023", period: FY2023}
rows:
  widgets:
    concept: us-gaap:Revenues
    dimensions: {srt:ProductOrServiceAxis: ex:WidgetsMember}
  revenue:
    concept: us-gaap:Revenues
  costs:
    concept: us-gaap:CostOfRevenue
  operating_income:
    concept: us-gaap:OperatingIncomeLoss
    total: [revenue, costs]
  interest:
    concept: us-gaap:InterestExpense
    sign: negate
  eps:
    concept: us-gaap:EarningsPerShareBasic
"""

INCOME_CSV = """\
id,indent,label,FY2024,FY2023
widgets,1,Widgets,"$ 1,000",900
revenue,1,Revenue,"$ 1,500","$ 1,400"
costs,1,Cost of revenue,"1,200","1,550"
operating_income,1,Operating income (loss),300,(150)
interest,1,Interest expense,(20),--
eps,1,Earnings per share,$ 0.12,(0.05)
"""

BALANCE_YAML = """\
title: Balance Sheet
scale: 3
columns:
  - {id: AsOf2024, heading: "December 31, 2024", period: AsOf2024}
rows:
  cash:
    concept: us-gaap:CashAndCashEquivalentsAtCarryingValue
"""

BALANCE_CSV = """\
id,indent,label,AsOf2024
cash,0,Cash,"$ 2,345"
"""


def write_source(folder: Path, **overrides: str) -> Path:
    """Write the small valid source into ``folder``; keyword arguments replace whole files
    (``report``, ``income_yaml``, ``income_csv``, ``balance_yaml``, ``balance_csv``, ``resolutions``)."""
    files = {
        "report.yaml": overrides.get("report", REPORT),
        "tables/income.yaml": overrides.get("income_yaml", INCOME_YAML),
        "tables/income.csv": overrides.get("income_csv", INCOME_CSV),
        "tables/balance.yaml": overrides.get("balance_yaml", BALANCE_YAML),
        "tables/balance.csv": overrides.get("balance_csv", BALANCE_CSV),
    }
    if "resolutions" in overrides:
        files["resolutions.yaml"] = overrides["resolutions"]
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
