"""Helpers for the import-text tests: a small suggester that needs no taxonomy packages, and small
hand-written text exhibits in the layouts EDGAR filings of the 1990s and 2000s use."""

from __future__ import annotations

from functools import cache

from exporter.facts.model import Concept, QName
from exporter.importers.relations import Relations
from exporter.importers.suggest import Suggester, build_suggester
from exporter.taxonomy.catalog import Catalog
from exporter.taxonomy.profile import load_profile

US_GAAP = "http://fasb.org/us-gaap/2024"

# name: (kind, period type, balance)
CONCEPTS = {
    "Revenues": ("monetary", "duration", "credit"),
    "CostOfRevenue": ("monetary", "duration", "debit"),
    "GrossProfit": ("monetary", "duration", "credit"),
    "SellingGeneralAndAdministrativeExpense": ("monetary", "duration", "debit"),
    "ResearchAndDevelopmentExpense": ("monetary", "duration", "debit"),
    "AmortizationOfIntangibleAssets": ("monetary", "duration", "debit"),
    "OperatingExpenses": ("monetary", "duration", "debit"),
    "OperatingIncomeLoss": ("monetary", "duration", "credit"),
    "InterestExpense": ("monetary", "duration", "debit"),
    "NetIncomeLoss": ("monetary", "duration", "credit"),
    "EarningsPerShareBasic": ("perShare", "duration", None),
    "WeightedAverageNumberOfSharesOutstandingBasic": ("shares", "duration", None),
    "CashAndCashEquivalentsAtCarryingValue": ("monetary", "instant", "debit"),
    "AccountsReceivableNetCurrent": ("monetary", "instant", "debit"),
    "AllowanceForDoubtfulAccountsReceivableCurrent": ("monetary", "instant", "credit"),
    "AssetsCurrent": ("monetary", "instant", "debit"),
    "PropertyPlantAndEquipmentNet": ("monetary", "instant", "debit"),
    "Assets": ("monetary", "instant", "debit"),
    "ShareBasedCompensation": ("monetary", "duration", "debit"),
    "DepreciationDepletionAndAmortization": ("monetary", "duration", "debit"),
}


@cache
def tiny_suggester() -> Suggester:
    """A suggester over a handful of US-GAAP concepts (definitions as in US-GAAP 2024), no Arelle."""
    concepts = {
        f"us-gaap:{name}": Concept(QName("us-gaap", name, US_GAAP), kind, f"xbrli:{kind}ItemType", period, balance)
        for name, (kind, period, balance) in CONCEPTS.items()
    }
    return build_suggester(Catalog(load_profile("us-gaap-2024"), concepts), Relations())


# A statement of income printed over a page break, with the column headings repeated on the next
# page, and a balance sheet without tags on the page after.
SPLIT_STATEMENT = """\
EXAMPLE CORP REPORTS RESULTS

Example Corp. ("Example" or the "Company") (NYSE: EXM) today reported results for
its fiscal year ended December 31, 2003. Visit www.example.com for more.

                               EXAMPLE CORP.
                     Consolidated Statements of Income
                  (in thousands, except per share amounts)

<TABLE>
<CAPTION>
                                                  Year Ended December 31,
                                               ----------------------------
                                                   2003            2002
                                               ------------    ------------
<S>                                            <C>             <C>
Net sales                                      $    12,500     $    11,000
Cost of sales                                        7,400           6,900
                                               ------------    ------------
Gross profit                                         5,100           4,100

Operating expenses:
   Selling, general and administrative               2,300           2,100
   Research and development                          1,000             900

<PAGE>

                         EXAMPLE CORP. - Page 2

                                                  Year Ended December 31,
                                               ----------------------------
                                                   2003            2002
                                               ------------    ------------
   Amortization of intangibles                         100            --
                                               ------------    ------------
      Total operating expenses                       3,400           3,000
                                               ------------    ------------
Operating income                                     1,700           1,100
Interest expense                                      (200)           (250)
                                               ------------    ------------
Net income                                     $     1,500     $       850
                                               ============    ============
Net income per share - basic                   $      0.30     $      0.17
Weighted average shares outstanding - basic      5,000,000       5,000,000
</TABLE>

<PAGE>

                         EXAMPLE CORP. - Page 3

                          Consolidated Balance Sheets
                                 (in thousands)

                                                   December 31,    December 31,
                                                       2003            2002
                                                   ------------    ------------
Cash and cash equivalents                          $     3,000     $     2,000
Accounts receivable, net of allowance of $50
  and $40, respectively                                  1,500           1,200
                                                   ------------    ------------
   Total current assets                                  4,500           3,200
Property and equipment, net                              2,000           2,100
                                                   ------------    ------------
   Total assets                                    $     6,500     $     5,300
                                                   ============    ============
"""

# One table split into two <TABLE> blocks by a page break, the second repeating the headings.
TWO_BLOCKS = """\
                          Statements of Operations
                               (in thousands)
<TABLE>
<CAPTION>
                                         Three Months Ended June 30,
                                            2004          2003
                                          --------      --------
<S>                                       <C>           <C>
Revenues                                  $  1,000      $    900
Cost of revenues                               600           500
</TABLE>

<PAGE>

<TABLE>
<CAPTION>
                                         Three Months Ended June 30,
                                            2004          2003
                                          --------      --------
<S>                                       <C>           <C>
Operating income                               400           400
</TABLE>
"""
