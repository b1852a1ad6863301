"""An XBRL 2.1 instance document (``.xbrl``) from the fact model.

The same facts as the xBRL-JSON, in the classic XML syntax: a schemaRef to the extension schema,
the distinct contexts and units, then the facts in report order with the model's ids.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from exporter.emitters.ids import context_id, distinct_ids, unit_id
from exporter.facts.model import Context, Fact, QName, Unit
from exporter.facts.report import Report

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDI = "http://xbrl.org/2006/xbrldi"
ISO4217 = "http://www.xbrl.org/2003/iso4217"

_RESERVED_NAMESPACES = {"xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldi": XBRLDI, "iso4217": ISO4217}
_SCHEMA_REF_ARCROLE = "http://www.w3.org/1999/xlink/properties/linkbase"


def xbrl_instance(report: Report) -> bytes:
    """The report as an XBRL 2.1 instance; the same report always gives the same bytes."""
    contexts = distinct_ids((fact.context for fact in report.facts), context_id)
    units = distinct_ids((fact.unit for fact in report.facts if fact.unit is not None), unit_id)
    root = etree.Element(f"{{{XBRLI}}}xbrl", nsmap=_namespaces(report))
    etree.SubElement(root, f"{{{LINK}}}schemaRef", {
        f"{{{XLINK}}}type": "simple",
        f"{{{XLINK}}}href": report.extension.schema_file,
        f"{{{XLINK}}}arcrole": _SCHEMA_REF_ARCROLE,
    })
    for context, id_ in contexts.items():
        root.append(_context(context, id_, report.dimension_container))
    for unit, id_ in units.items():
        root.append(_unit(unit, id_))
    for fact in report.facts:
        root.append(_fact(fact, contexts, units))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _qnames(report: Report) -> Iterator[QName]:
    """Every QName written as an element name or as a QName value (members, measures)."""
    for fact in report.facts:
        yield fact.concept.qname
        for axis, member in fact.context.dimensions:
            yield axis
            yield member
        if fact.unit is not None:
            yield from fact.unit.numerators
            yield from fact.unit.denominators


def _namespaces(report: Report) -> dict[str, str]:
    # All prefixes on the root, so every fact and every QName value (members, measures) resolves
    # against one declaration; a prefix bound to two namespaces would silently change a name.
    namespaces = dict(_RESERVED_NAMESPACES)
    declared = [*report.namespaces, *((q.prefix, q.namespace) for q in _qnames(report))]
    for prefix, uri in declared:
        if namespaces.setdefault(prefix, uri) != uri:
            raise ValueError(f"prefix {prefix!r} is bound to both {namespaces[prefix]} and {uri}")
    return dict(sorted(namespaces.items()))


def _context(context: Context, id_: str, container: str) -> etree._Element:
    element = etree.Element(f"{{{XBRLI}}}context", id=id_)
    entity = etree.SubElement(element, f"{{{XBRLI}}}entity")
    etree.SubElement(entity, f"{{{XBRLI}}}identifier", scheme=context.entity.scheme).text = \
        context.entity.identifier
    # XBRL 2.1 orders entity (with its segment), period, then scenario.
    if context.dimensions and container == "segment":
        _members(etree.SubElement(entity, f"{{{XBRLI}}}segment"), context)
    period = etree.SubElement(element, f"{{{XBRLI}}}period")
    # XBRL 2.1 dates without a time are whole days, inclusive as the model keeps them.
    if context.period.start is None:
        etree.SubElement(period, f"{{{XBRLI}}}instant").text = context.period.end.isoformat()
    else:
        etree.SubElement(period, f"{{{XBRLI}}}startDate").text = context.period.start.isoformat()
        etree.SubElement(period, f"{{{XBRLI}}}endDate").text = context.period.end.isoformat()
    if context.dimensions and container == "scenario":
        _members(etree.SubElement(element, f"{{{XBRLI}}}scenario"), context)
    return element


def _members(container: etree._Element, context: Context) -> None:
    for axis, member in context.dimensions:
        etree.SubElement(container, f"{{{XBRLDI}}}explicitMember", dimension=str(axis)).text = str(member)


def _unit(unit: Unit, id_: str) -> etree._Element:
    element = etree.Element(f"{{{XBRLI}}}unit", id=id_)
    if not unit.denominators:
        _measures(element, unit.numerators)
        return element
    divide = etree.SubElement(element, f"{{{XBRLI}}}divide")
    _measures(etree.SubElement(divide, f"{{{XBRLI}}}unitNumerator"), unit.numerators)
    _measures(etree.SubElement(divide, f"{{{XBRLI}}}unitDenominator"), unit.denominators)
    return element


def _measures(parent: etree._Element, measures: tuple[QName, ...]) -> None:
    for measure in measures:
        etree.SubElement(parent, f"{{{XBRLI}}}measure").text = str(measure)


def _fact(fact: Fact, contexts: dict[Context, str], units: dict[Unit, str]) -> etree._Element:
    qname = fact.concept.qname
    element = etree.Element(f"{{{qname.namespace}}}{qname.local}", contextRef=contexts[fact.context])
    if fact.is_numeric:
        if fact.unit is None:
            raise ValueError(f"numeric fact {fact.id!r} has no unit")
        element.set("unitRef", units[fact.unit])
        # XBRL 2.1 requires decimals (or precision) on a numeric fact; absent in the model (and in
        # xBRL-JSON) means exact, which the XML spells INF.
        element.set("decimals", "INF" if fact.decimals is None else str(fact.decimals))
        element.text = format(fact.value, "f")
    else:
        element.text = str(fact.value)
    element.set("id", fact.id)
    return element
