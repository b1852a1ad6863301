"""The floor for the benchmark: a synthetic source (``benchmarks/synthetic.py``) written as Inline
XBRL and xBRL-JSON by the plainest code that does the same work, with lxml and json and nothing else.

No JSON Schema, no line numbers for messages, no checks of the mapping against the taxonomy, no
template, no extension taxonomy: it reads the YAML and CSV files, turns each printed number into a
fact (value, unit, decimals, context) and writes the two documents. It knows the synthetic format
only (one segment member per table, a scale of thousands for money), which is what makes it a floor
rather than an exporter. Run it as ``python -m benchmarks.bare SOURCE_DIR OUT_DIR``; it prints the
time of each stage as JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from benchmarks.synthetic import CONCEPTS

XHTML = "http://www.w3.org/1999/xhtml"
NSMAP = {
    None: XHTML,
    "ix": "http://www.xbrl.org/2013/inlineXBRL",
    "ixt": "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "xbrldi": "http://xbrl.org/2006/xbrldi",
    "link": "http://www.xbrl.org/2003/linkbase",
    "xlink": "http://www.w3.org/1999/xlink",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "us-gaap": "http://fasb.org/us-gaap/2024",
}
IX, XBRLI, XBRLDI, LINK, XLINK = (NSMAP[p] for p in ("ix", "xbrli", "xbrldi", "link", "xlink"))
KINDS = dict(CONCEPTS)
UNITS = {"monetary": "u-USD", "shares": "u-shares", "perShare": "u-USD-per-shares", "percent": "u-pure"}
OIM_UNITS = {"u-USD": "iso4217:USD", "u-shares": "xbrli:shares", "u-USD-per-shares": "iso4217:USD/xbrli:shares"}
_NUMBER = re.compile(r"(\()?([\d,]+)(?:\.(\d+))?(%)?\)?")

Fact = tuple[str, str, str, str, Decimal, int, str, bool]  # id, concept, context, unit, value, decimals, text, negative


def read(source: Path) -> tuple[dict[str, Any], list[tuple[str, str, list[list[str]], dict[str, Any]]]]:
    """report.yaml, and each table: its id, its member, the CSV rows and the YAML."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    report = yaml.load((source / "report.yaml").read_text(encoding="utf-8"), Loader=loader)
    tables = []
    for table in report["tables"]:
        spec = yaml.load((source / "tables" / f"{table}.yaml").read_text(encoding="utf-8"), Loader=loader)
        with open(source / "tables" / f"{table}.csv", encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))
        member = next(iter(spec["dimensions"].values()))
        tables.append((table, member, rows, spec))
    return report, tables


def facts(report: dict[str, Any], tables: list[tuple[str, str, list[list[str]], dict[str, Any]]]) -> list[Fact]:
    """Every printed number as a fact; contexts named as the exporter names them."""
    result: list[Fact] = []
    periods = {pid: _fiscal(spec["fiscal"]) for pid, spec in report["periods"].items()}
    for table, member, rows, spec in tables:
        header, *lines = rows
        concepts = {row_id: row["concept"] for row_id, row in spec["rows"].items()}
        local_member = member.partition(":")[2]
        for line in lines:
            row_id, concept = line[0], concepts[line[0]]
            kind = KINDS[concept.partition(":")[2]]
            for period_id, text in zip(header[3:], line[3:], strict=True):
                opened, digits, fraction, percent = _NUMBER.fullmatch(text).groups()
                start, end = periods[period_id]
                scale = 3 if kind == "monetary" else (-2 if percent else 0)
                value = Decimal(digits.replace(",", "") + ("." + fraction if fraction else "")).scaleb(scale)
                result.append((f"f-{table}-{row_id}-{period_id}", concept,
                               f"c-d{start:%Y%m%d}-{end:%Y%m%d}-{local_member}", UNITS[kind],
                               -value if opened else value, len(fraction or "") - scale,
                               digits + ("." + fraction if fraction else ""), bool(opened)))
    return result


def _fiscal(name: str) -> tuple[dt.date, dt.date]:
    year, quarter = int(name[2:6]), int(name[-1])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def inline_xbrl(report: dict[str, Any], facts: list[Fact]) -> bytes:
    """The Inline XBRL document: contexts and units, then each table with its numbers tagged."""
    html = etree.Element(f"{{{XHTML}}}html", nsmap=NSMAP)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = report["document"]["title"]
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    header = etree.SubElement(etree.SubElement(body, f"{{{XHTML}}}div", style="display:none"), f"{{{IX}}}header")
    references = etree.SubElement(header, f"{{{IX}}}references")
    etree.SubElement(references, f"{{{LINK}}}schemaRef", {f"{{{XLINK}}}type": "simple",
                                                          f"{{{XLINK}}}href": f"{report['document']['name']}.xsd"})
    resources = etree.SubElement(header, f"{{{IX}}}resources")
    identifier = report["entity"]["identifier"]
    for context in dict.fromkeys(fact[2] for fact in facts):
        _, start, end, member = context.split("-", 3)
        element = etree.SubElement(resources, f"{{{XBRLI}}}context", id=context)
        entity = etree.SubElement(element, f"{{{XBRLI}}}entity")
        etree.SubElement(entity, f"{{{XBRLI}}}identifier", scheme=identifier["scheme"]).text = identifier["value"]
        segment = etree.SubElement(entity, f"{{{XBRLI}}}segment")
        etree.SubElement(segment, f"{{{XBRLDI}}}explicitMember",
                         dimension="us-gaap:StatementBusinessSegmentsAxis").text = f"syn:{member}"
        period = etree.SubElement(element, f"{{{XBRLI}}}period")
        etree.SubElement(period, f"{{{XBRLI}}}startDate").text = f"{start[1:5]}-{start[5:7]}-{start[7:]}"
        etree.SubElement(period, f"{{{XBRLI}}}endDate").text = f"{end[:4]}-{end[4:6]}-{end[6:]}"
    for unit, measure in OIM_UNITS.items():
        element = etree.SubElement(resources, f"{{{XBRLI}}}unit", id=unit)
        numerator, _, denominator = measure.partition("/")
        if denominator:
            divide = etree.SubElement(element, f"{{{XBRLI}}}divide")
            etree.SubElement(etree.SubElement(divide, f"{{{XBRLI}}}unitNumerator"),
                             f"{{{XBRLI}}}measure").text = numerator
            etree.SubElement(etree.SubElement(divide, f"{{{XBRLI}}}unitDenominator"),
                             f"{{{XBRLI}}}measure").text = denominator
        else:
            etree.SubElement(element, f"{{{XBRLI}}}measure").text = numerator
    etree.SubElement(etree.SubElement(resources, f"{{{XBRLI}}}unit", id="u-pure"), f"{{{XBRLI}}}measure").text = \
        "xbrli:pure"
    table_element = row = None
    table_id = row_id = ""
    for fact_id, concept, context, unit, _value, decimals, text, negative in facts:
        _, table, line, _period = fact_id.split("-")
        if table != table_id:
            table_id = table
            div = etree.SubElement(body, f"{{{XHTML}}}div", {"class": "statement"})
            etree.SubElement(div, f"{{{XHTML}}}h2").text = table
            table_element = etree.SubElement(div, f"{{{XHTML}}}table")
        if line != row_id or row is None:
            row_id = line
            row = etree.SubElement(table_element, f"{{{XHTML}}}tr")
            etree.SubElement(row, f"{{{XHTML}}}td").text = concept
        etree.SubElement(row, f"{{{XHTML}}}td", {"class": "currency"}).text = ""
        cell = etree.SubElement(row, f"{{{XHTML}}}td", {"class": "number"})
        if negative:
            cell.text = "("
        attributes = {"id": fact_id, "name": concept, "contextRef": context, "unitRef": unit,
                      "decimals": str(decimals), "format": "ixt:num-dot-decimal"}
        if negative:
            attributes["sign"] = "-"
        tag = etree.SubElement(cell, f"{{{IX}}}nonFraction", attributes)
        tag.text = text
        if negative:
            tag.tail = ")"
    return etree.tostring(html, xml_declaration=True, encoding="UTF-8")


def xbrl_json(report: dict[str, Any], facts: list[Fact]) -> bytes:
    """The xBRL-JSON document, one dictionary per fact."""
    identifier = report["entity"]["identifier"]
    entity = f"cik:{identifier['value']}"
    periods: dict[str, str] = {}
    result = {}
    for fact_id, concept, context, unit, value, decimals, _text, _negative in facts:
        period = periods.get(context)
        if period is None:
            _, start, end, _member = context.split("-", 3)
            after = dt.date(int(end[:4]), int(end[4:6]), int(end[6:])) + dt.timedelta(days=1)
            period = periods[context] = f"{start[1:5]}-{start[5:7]}-{start[7:]}T00:00:00/{after}T00:00:00"
        dimensions = {"concept": concept, "entity": entity, "period": period,
                      "us-gaap:StatementBusinessSegmentsAxis": "syn:" + context.split("-", 3)[3]}
        if unit != "u-pure":
            dimensions["unit"] = OIM_UNITS[unit]
        result[fact_id] = {"value": format(value, "f"), "decimals": decimals, "dimensions": dimensions}
    document = {"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-json",
                                 "namespaces": {p: n for p, n in NSMAP.items() if p},
                                 "taxonomy": [f"{report['document']['name']}.xsd"]},
                "facts": result}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def build(source: Path, out: Path) -> dict[str, float]:
    """Read, make the facts, write both documents into ``out``; the seconds each stage took."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    report, tables = read(source)
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    all_facts = facts(report, tables)
    del tables
    times["facts"] = time.perf_counter() - start
    start = time.perf_counter()
    documents = {"json": xbrl_json(report, all_facts)}
    times["xBRL-JSON"] = time.perf_counter() - start
    start = time.perf_counter()
    documents["htm"] = inline_xbrl(report, all_facts)
    times["iXBRL"] = time.perf_counter() - start
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for suffix, content in documents.items():
        (out / f"{report['document']['name']}.{suffix}").write_bytes(content)
    times["write"] = time.perf_counter() - start
    return times


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m benchmarks.bare SOURCE_DIR OUT_DIR")
    print(json.dumps(build(Path(sys.argv[1]), Path(sys.argv[2]))))
