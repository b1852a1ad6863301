"""Random valid fact sets go through Inline XBRL and xBRL-JSON and come back from Arelle unchanged.

Concepts, periods, dimensions, units, signs, decimals, scales, large and tiny numbers are drawn at
random; a fixed, derandomized budget keeps CI time predictable (each example loads two documents).
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.pipeline import build
from tests.arelle_facts import read_facts
from tests.sources import REPORT

# (concept, kind): duration concepts of several item types, and one instant concept.
CONCEPTS = [
    ("us-gaap:Revenues", "monetary"), ("us-gaap:CostOfRevenue", "monetary"), ("us-gaap:NetIncomeLoss", "monetary"),
    ("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", "shares"),
    ("us-gaap:EarningsPerShareBasic", "perShare"), ("ex:Margin", "percent"),
]
REPORT_WITH_MARGIN = REPORT.replace(
    "  members:", "    - {name: Margin, label: Margin, type: percent, period_type: duration}\n  members:")


@st.composite
def printed(draw: st.DrawFn, kind: str) -> str:
    if kind == "percent":
        digits = draw(st.integers(min_value=0, max_value=99_999))
        text = f"{Decimal(digits).scaleb(-2):f}%"
    elif kind == "perShare":
        text = f"{Decimal(draw(st.integers(min_value=0, max_value=10**6))).scaleb(-2):f}"
    else:
        text = f"{draw(st.integers(min_value=0, max_value=10**15)):,}"
    style = draw(st.sampled_from(["plain", "parentheses", "dollar", "dash"]))
    if style == "dash":
        return "--"
    if style == "parentheses":
        return f"({text})"
    return f"$ {text}" if style == "dollar" and kind in ("monetary", "perShare") else text


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[str, str, str, bool, bool, list[str]]]:
    chosen = draw(st.lists(st.sampled_from(CONCEPTS), min_size=1, max_size=4, unique=True))
    result = []
    for index, (concept, kind) in enumerate(chosen):
        negate = draw(st.booleans())
        dimension = draw(st.booleans())
        cells = [draw(printed(kind)) for _ in range(2)]
        result.append((f"r{index}", concept, kind, negate, dimension, cells))
    return result


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows(), st.sampled_from([0, 3, 6]), st.sampled_from(["segment", "scenario"]))
def test_facts_survive_inline_xbrl_and_json(packages: list[str], lines, scale: int, container: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    try:
        yaml_rows = ""
        csv_lines = ["id,indent,label,FY2024,FY2023"]
        for row_id, concept, _, negate, dimension, cells in lines:
            yaml_rows += f"  {row_id}:\n    concept: {concept}\n"
            if negate:
                yaml_rows += "    sign: negate\n"
            if dimension:
                yaml_rows += "    dimensions: {srt:ProductOrServiceAxis: ex:GadgetsMember}\n"
            csv_lines.append(f'{row_id},0,Line <{row_id}> & "more",' + ",".join(f'"{c}"' for c in cells))
        table = (f"title: Random & <table>\nscale: {scale}\ncolumns:\n"
                 "  - {id: FY2024, period: FY2024}\n  - {id: FY2023, period: FY2023}\n"
                 f"rows:\n{yaml_rows}")
        report = REPORT_WITH_MARGIN.replace("tables: [income, balance]", "tables: [random]").replace(
            "  title: Example Co. results", f"  title: Example Co. results\n  dimension_container: {container}")
        (folder / "tables").mkdir(parents=True)
        (folder / "report.yaml").write_text(report, encoding="utf-8")
        (folder / "tables" / "random.yaml").write_text(table, encoding="utf-8")
        (folder / "tables" / "random.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")

        result = build(folder, folder / "out", packages)
        expected = sorted(
            (str(f.concept.qname), format(f.value, "f") if f.is_numeric else f.value,
             "" if f.decimals is None else str(f.decimals))
            for f in result.report.facts)
        for name in (f"{result.report.name}.json", f"{result.report.name}.htm"):
            read = sorted((f.concept, f.value, f.decimals) for f in read_facts(str(folder / "out" / name), packages))
            assert read == expected, name
        json_facts = read_facts(str(folder / "out" / f"{result.report.name}.json"), packages)
        htm_facts = read_facts(str(folder / "out" / f"{result.report.name}.htm"), packages)
        assert [f.line() for f in json_facts] == [f.line() for f in htm_facts]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
