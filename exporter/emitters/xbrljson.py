"""xBRL-JSON (OIM 1.0) from the fact model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from exporter.facts.model import Fact
from exporter.facts.report import Report

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"

# What json.dumps uses for a string, with ensure_ascii=False (``_string``) and by default (``_id``).
_string = json.encoder.encode_basestring
_id = json.encoder.encode_basestring_ascii


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
    # One fact per line: diffs show facts.
    facts = ",\n".join(_FactLines(_scheme_prefix(report)).lines(report.facts))
    info = json.dumps(document_info, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return f'{{\n  "documentInfo": {info},\n  "facts": {{\n{facts}\n  }}\n}}\n'


class _FactLines:
    """Each fact as the line ``json.dumps`` writes for it (``_fact``), put together from pieces
    encoded once: a report has many facts but few concepts, contexts and units.

    At 100,000 facts, building and encoding a dictionary per fact was most of the emitter's time.
    The pieces are kept by the identity of the concept, context and unit objects, which the mapping
    shares among facts; equal objects that are not shared give equal text, only computed again.
    """

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self.concepts: dict[int, str] = {}
        self.tails: dict[tuple[int, int], str] = {}
        self.keep: list[object] = []  # what the identity keys point at, alive while they are used

    def lines(self, facts: Iterable[Fact]) -> Iterator[str]:
        """The ``"id": {...}`` line of each fact."""
        concepts, tails = self.concepts, self.tails
        for fact in facts:
            concept = concepts.get(id(fact.concept))
            if concept is None:
                concept = concepts[id(fact.concept)] = _string(str(fact.concept.qname))
                self.keep.append(fact.concept)
            tail = tails.get((id(fact.context), id(fact.unit)))
            if tail is None:
                tail = tails[(id(fact.context), id(fact.unit))] = self._tail(fact)
                self.keep.append((fact.context, fact.unit))
            value = fact.value
            # A number's text ("1234.5") has nothing JSON escapes.
            text = f'"{format(value, "f")}"' if isinstance(value, Decimal) else _string(value)
            decimals = "" if fact.decimals is None else f', "decimals": {fact.decimals}'
            yield f'    {_id(fact.id)}: {{"value": {text}{decimals}, "dimensions": {{"concept": {concept}{tail}}}}}'

    def _tail(self, fact: Fact) -> str:
        """The dimensions after the concept, as ``json.dumps`` writes them: ``, "entity": ...``."""
        dimensions = _fact(fact, self.scheme)["dimensions"]
        del dimensions["concept"]
        return "".join(f", {_string(key)}: {_string(value)}" for key, value in dimensions.items())



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
