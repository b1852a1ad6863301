"""xBRL-JSON (OIM 1.0) from the fact model."""

from __future__ import annotations

import json
from typing import Any

from exporter.facts.model import Fact
from exporter.facts.report import Report

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"


def xbrl_json(report: Report) -> str:
    """The report as an xBRL-JSON document; the same report always gives the same text."""
    namespaces = dict(report.namespaces)
    namespaces.update({
        "xbrl": "https://xbrl.org/2021",
        "xbrli": "http://www.xbrl.org/2003/instance",
        "iso4217": "http://www.xbrl.org/2003/iso4217",
        _scheme_prefix(report): report.entity.scheme,
    })
    document_info = {
        "documentType": DOCUMENT_TYPE,
        "namespaces": dict(sorted(namespaces.items())),
        "taxonomy": [report.extension.schema_file],
    }
    # One fact per line: diffs show facts, and the C encoder (which indent= turns off) stays fast.
    scheme = _scheme_prefix(report)
    facts = ",\n".join(
        f"    {json.dumps(fact.id)}: {json.dumps(_fact(fact, scheme), ensure_ascii=False)}" for fact in report.facts)
    info = json.dumps(document_info, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return f'{{\n  "documentInfo": {info},\n  "facts": {{\n{facts}\n  }}\n}}\n'



def _scheme_prefix(report: Report) -> str:
    # SEC's scheme gets the prefix people recognise; any other scheme a neutral one.
    return "cik" if report.entity.scheme == "http://www.sec.gov/CIK" else "scheme"


def _fact(fact: Fact, scheme: str) -> dict[str, Any]:
    dimensions: dict[str, str] = {
        "concept": str(fact.concept.qname),
        "entity": f"{scheme}:{fact.context.entity.identifier}",
        "period": fact.context.period.oim(),
    }
    # OIM: a fact whose unit is xbrli:pure alone has no unit dimension.
    if fact.unit is not None and fact.unit.oim() != "xbrli:pure":
        dimensions["unit"] = fact.unit.oim()
    for axis, member in fact.context.dimensions:
        dimensions[str(axis)] = str(member)
    result: dict[str, Any] = {"value": format(fact.value, "f") if fact.is_numeric else fact.value}
    if fact.decimals is not None:
        result["decimals"] = fact.decimals
    result["dimensions"] = dimensions
    return result
