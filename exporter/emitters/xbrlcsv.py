"""xBRL-CSV (OIM 1.0) from the fact model: a metadata JSON file and one CSV table of facts.

The table has one row per fact and one generic template: ``concept``, ``period``, ``unit`` and
``decimals`` columns, one column per dimension axis the report uses, and the ``value`` column whose
dimensions refer to them. An empty axis cell means the fact has no value for that axis (xBRL-CSV
3.6: a parameter reference to an empty cell gives no dimension), as does an empty unit cell (a
numeric fact without a unit dimension is xbrli:pure in the OIM) or decimals cell.

Each row's OIM dimensions are taken from the xBRL-JSON document of the same report, so the two
OIM syntaxes cannot drift apart (pure units left out, entity prefixes, period forms).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from exporter.emitters.xbrljson import xbrl_json
from exporter.facts.report import Report

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-csv"
TEMPLATE = "facts"
# Columns always present, in this order; the axes and the value follow.
_CORE_COLUMNS = ("id", "concept", "period", "entity", "unit", "decimals")
_VALUE_COLUMN = "value"


def metadata_file(report: Report) -> str:
    """The name of the metadata file, the one to open (and validate) as the xBRL-CSV report."""
    return f"{report.name}-metadata.json"


def facts_file(report: Report) -> str:
    return f"{report.name}-facts.csv"


def xbrl_csv(report: Report) -> dict[str, bytes]:
    """The report as xBRL-CSV, file name → content; the same report always gives the same bytes."""
    document = json.loads(xbrl_json(report))
    facts: dict[str, dict[str, Any]] = document["facts"]
    entities = {fact["dimensions"]["entity"] for fact in facts.values()}
    axes = sorted({name for fact in facts.values() for name in fact["dimensions"]
                   if ":" in name})  # taxonomy-defined dimensions are QNames; core ones are not
    axis_columns = _axis_columns(axes)
    # A single entity is a template dimension rather than a column repeating it on every row.
    core = [c for c in _CORE_COLUMNS if c != "entity" or len(entities) > 1]
    header = [*core, *axis_columns.values(), _VALUE_COLUMN]

    value_dimensions = {"concept": "$concept", "period": "$period", "unit": "$unit"}
    if "entity" in core:
        value_dimensions["entity"] = "$entity"
    value_dimensions.update({axis: f"${column}" for axis, column in axis_columns.items()})
    template: dict[str, Any] = {"rowIdColumn": "id"}
    if "entity" not in core and entities:
        template["dimensions"] = {"entity": next(iter(entities))}
    template["columns"] = {
        **{column: {} for column in header[:-1]},
        _VALUE_COLUMN: {"dimensions": value_dimensions, "decimals": "$decimals"},
    }
    metadata = {
        "documentInfo": {
            "documentType": DOCUMENT_TYPE,
            "namespaces": document["documentInfo"]["namespaces"],
            "taxonomy": document["documentInfo"]["taxonomy"],
        },
        "tableTemplates": {TEMPLATE: template},
        "tables": {TEMPLATE: {"template": TEMPLATE, "url": facts_file(report)}},
    }

    rows = io.StringIO(newline="")
    writer = csv.writer(rows, lineterminator="\r\n")  # RFC 4180, which xBRL-CSV builds on
    writer.writerow(header)
    for fact_id, fact in facts.items():
        dimensions = fact["dimensions"]
        row = {
            "id": fact_id,
            "concept": dimensions["concept"],
            "period": dimensions["period"],
            "entity": dimensions["entity"],
            "unit": dimensions.get("unit", ""),
            "decimals": "" if fact.get("decimals") is None else str(fact["decimals"]),
            **{column: dimensions.get(axis, "") for axis, column in axis_columns.items()},
            _VALUE_COLUMN: _cell(fact["value"]),
        }
        writer.writerow([row[column] for column in header])
    return {
        metadata_file(report): (json.dumps(metadata, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        facts_file(report): rows.getvalue().encode("utf-8"),
    }


def _axis_columns(axes: list[str]) -> dict[str, str]:
    """Axis QName → column name: the local name (``ProductOrServiceAxis``), or ``prefix_local`` for
    every axis when local names would clash with each other or with a core column."""
    local = {axis: axis.partition(":")[2] for axis in axes}
    reserved = {*_CORE_COLUMNS, _VALUE_COLUMN}
    if len(set(local.values())) == len(local) and not reserved & set(local.values()):
        return local
    return {axis: axis.replace(":", "_").replace("-", "_") for axis in axes}


def _cell(value: str | None) -> str:
    """A fact value as a CSV cell: xBRL-CSV gives ``#`` at the start of a cell a special meaning
    (``#nil``, ``#empty``), so a value starting with ``#`` is escaped as ``##``."""
    if value is None:
        return "#nil"
    if value == "":
        return "#empty"
    return "#" + value if value.startswith("#") else value
