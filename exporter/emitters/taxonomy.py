"""The extension taxonomy files: schema, and label, presentation, calculation, definition linkbases."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from exporter.facts.model import QName
from exporter.facts.report import ExtensionTaxonomy, Role

XS = "http://www.w3.org/2001/XMLSchema"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDT = "http://xbrl.org/2005/xbrldt"
XML = "http://www.w3.org/XML/1998/namespace"
DTR_TYPES = "http://www.xbrl.org/dtr/type/2022-03-31"
DTR_TYPES_SCHEMA = "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd"
XBRL_INSTANCE_SCHEMA = "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"
XBRLDT_SCHEMA = "http://www.xbrl.org/2005/xbrldt-2005.xsd"

_DIM_ARCROLES = {
    "all": "http://xbrl.org/int/dim/arcrole/all",
    "hypercube-dimension": "http://xbrl.org/int/dim/arcrole/hypercube-dimension",
    "dimension-domain": "http://xbrl.org/int/dim/arcrole/dimension-domain",
    "domain-member": "http://xbrl.org/int/dim/arcrole/domain-member",
    "dimension-default": "http://xbrl.org/int/dim/arcrole/dimension-default",
}
_LINKBASES = (
    ("lab", "http://www.xbrl.org/2003/role/labelLinkbaseRef"),
    ("pre", "http://www.xbrl.org/2003/role/presentationLinkbaseRef"),
    ("cal", "http://www.xbrl.org/2003/role/calculationLinkbaseRef"),
    ("def", "http://www.xbrl.org/2003/role/definitionLinkbaseRef"),
)


def linkbase_file(extension: ExtensionTaxonomy, kind: str) -> str:
    return extension.schema_file.removesuffix(".xsd") + f"_{kind}.xml"


def taxonomy_files(extension: ExtensionTaxonomy) -> dict[str, bytes]:
    """File name → content of every file of the extension taxonomy."""
    return {
        extension.schema_file: _serialize(_schema(extension)),
        linkbase_file(extension, "lab"): _serialize(_label_linkbase(extension)),
        linkbase_file(extension, "pre"): _serialize(_presentation_linkbase(extension)),
        linkbase_file(extension, "cal"): _serialize(_calculation_linkbase(extension)),
        linkbase_file(extension, "def"): _serialize(_definition_linkbase(extension)),
    }


def _serialize(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _schema(extension: ExtensionTaxonomy) -> etree._Element:
    nsmap = {
        "xs": XS, "xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldt": XBRLDT, "dtr-types": DTR_TYPES,
        extension.prefix: extension.namespace,
    }
    root = etree.Element(f"{{{XS}}}schema", nsmap=nsmap, targetNamespace=extension.namespace,
                         elementFormDefault="qualified", attributeFormDefault="unqualified")
    appinfo = etree.SubElement(etree.SubElement(root, f"{{{XS}}}annotation"), f"{{{XS}}}appinfo")
    for kind, role in _LINKBASES:
        etree.SubElement(appinfo, f"{{{LINK}}}linkbaseRef", {
            f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": linkbase_file(extension, kind),
            f"{{{XLINK}}}role": role, f"{{{XLINK}}}arcrole": "http://www.w3.org/1999/xlink/properties/linkbase",
        })
    for role in extension.roles:
        role_type = etree.SubElement(appinfo, f"{{{LINK}}}roleType", roleURI=role.uri, id=role.id)
        etree.SubElement(role_type, f"{{{LINK}}}definition").text = role.definition
        for used_on in ("link:presentationLink", "link:calculationLink", "link:definitionLink"):
            etree.SubElement(role_type, f"{{{LINK}}}usedOn").text = used_on
    imports = [(XBRLI, XBRL_INSTANCE_SCHEMA), (XBRLDT, XBRLDT_SCHEMA), (DTR_TYPES, DTR_TYPES_SCHEMA),
               *extension.imports]
    for namespace, location in imports:
        etree.SubElement(root, f"{{{XS}}}import", namespace=namespace, schemaLocation=location)
    for concept in extension.concepts:
        attributes = {
            "name": concept.qname.local,
            "id": f"{concept.qname.prefix}_{concept.qname.local}",
            "type": concept.data_type,
            "substitutionGroup": concept.substitution_group,
            "nillable": "true",
            f"{{{XBRLI}}}periodType": concept.period_type,
        }
        if concept.abstract:
            attributes["abstract"] = "true"
        if concept.balance:
            attributes[f"{{{XBRLI}}}balance"] = concept.balance
        etree.SubElement(root, f"{{{XS}}}element", attributes)
    return root


class _Locators:
    """Locators of one extended link, one per concept, created on first use."""

    def __init__(self, link: etree._Element, extension: ExtensionTaxonomy) -> None:
        self.link = link
        self.extension = extension
        self.schemas = {namespace: location for namespace, location in extension.imports}
        self.labels: dict[tuple[QName, str], str] = {}

    def __call__(self, concept: QName, alias: str = "") -> str:
        # An alias gives a second locator for the same concept: two arcs between the same pair of
        # locators are duplicates in XLink even when their arcroles differ.
        key = (concept, alias)
        label = self.labels.get(key)
        if label is None:
            label = f"loc_{concept.prefix}_{concept.local}{'_' + alias if alias else ''}"
            self.labels[key] = label
            schema = (self.extension.schema_file if concept.namespace == self.extension.namespace
                      else self.schemas[concept.namespace])
            etree.SubElement(self.link, f"{{{LINK}}}loc", {
                f"{{{XLINK}}}type": "locator",
                f"{{{XLINK}}}href": f"{schema}#{concept.prefix}_{concept.local}",
                f"{{{XLINK}}}label": label,
            })
        return label


def _linkbase(nsmap_extra: dict[str, str] | None = None) -> etree._Element:
    nsmap = {"link": LINK, "xlink": XLINK, **(nsmap_extra or {})}
    return etree.Element(f"{{{LINK}}}linkbase", nsmap=nsmap)


def _role_refs(root: etree._Element, extension: ExtensionTaxonomy, roles: Iterable[Role]) -> None:
    for role in roles:
        etree.SubElement(root, f"{{{LINK}}}roleRef", {
            "roleURI": role.uri, f"{{{XLINK}}}type": "simple",
            f"{{{XLINK}}}href": f"{extension.schema_file}#{role.id}",
        })


# Label roles of the Link Role Registry; a linkbase that uses one must reference its definition.
_LRR_LABEL_ROLES = {
    "http://www.xbrl.org/2009/role/negatedLabel": "http://www.xbrl.org/lrr/role/negated-2009-12-16.xsd#negatedLabel",
    "http://www.xbrl.org/2009/role/negatedTotalLabel":
        "http://www.xbrl.org/lrr/role/negated-2009-12-16.xsd#negatedTotalLabel",
}


def _label_linkbase(extension: ExtensionTaxonomy) -> etree._Element:
    root = _linkbase()
    for role in sorted({label.role for label in extension.labels} & set(_LRR_LABEL_ROLES)):
        etree.SubElement(root, f"{{{LINK}}}roleRef", {
            "roleURI": role, f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": _LRR_LABEL_ROLES[role]})
    link = etree.SubElement(root, f"{{{LINK}}}labelLink", {
        f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": "http://www.xbrl.org/2003/role/link"})
    locators = _Locators(link, extension)
    arcs_from: dict[QName, str] = {}
    counts: dict[QName, int] = {}
    for label in extension.labels:
        loc = locators(label.concept)
        counts[label.concept] = counts.get(label.concept, 0) + 1
        resource = f"lab_{label.concept.prefix}_{label.concept.local}"
        element = etree.SubElement(link, f"{{{LINK}}}label", {
            f"{{{XLINK}}}type": "resource", f"{{{XLINK}}}label": resource,
            f"{{{XLINK}}}role": label.role, f"{{{XML}}}lang": "en-US",
            "id": f"{resource}_{counts[label.concept]}",
        })
        element.text = label.text
        if label.concept not in arcs_from:
            arcs_from[label.concept] = resource
            etree.SubElement(link, f"{{{LINK}}}labelArc", {
                f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/concept-label",
                f"{{{XLINK}}}from": loc, f"{{{XLINK}}}to": resource,
            })
    return root


def _presentation_linkbase(extension: ExtensionTaxonomy) -> etree._Element:
    root = _linkbase()
    roles = [r for r in extension.roles if r.presentation]
    _role_refs(root, extension, roles)
    for role in roles:
        link = etree.SubElement(root, f"{{{LINK}}}presentationLink", {
            f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": role.uri})
        locators = _Locators(link, extension)
        for arc in role.presentation:
            attributes = {
                f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/parent-child",
                f"{{{XLINK}}}from": locators(arc.parent), f"{{{XLINK}}}to": locators(arc.child),
                "order": str(arc.order),
            }
            if arc.preferred_label:
                attributes["preferredLabel"] = arc.preferred_label
            etree.SubElement(link, f"{{{LINK}}}presentationArc", attributes)
    return root


def _calculation_linkbase(extension: ExtensionTaxonomy) -> etree._Element:
    root = _linkbase()
    roles = [r for r in extension.roles if r.calculation]
    _role_refs(root, extension, roles)
    for role in roles:
        link = etree.SubElement(root, f"{{{LINK}}}calculationLink", {
            f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": role.uri})
        locators = _Locators(link, extension)
        for arc in role.calculation:
            etree.SubElement(link, f"{{{LINK}}}calculationArc", {
                f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/summation-item",
                f"{{{XLINK}}}from": locators(arc.total), f"{{{XLINK}}}to": locators(arc.item),
                "order": str(arc.order), "weight": f"{arc.weight}.0",
            })
    return root


def _definition_linkbase(extension: ExtensionTaxonomy) -> etree._Element:
    root = _linkbase({"xbrldt": XBRLDT})
    roles = [r for r in extension.roles if r.definition_arcs]
    _role_refs(root, extension, roles)
    if roles:
        for name, uri in _DIM_ARCROLES.items():
            etree.SubElement(root, f"{{{LINK}}}arcroleRef", {
                "arcroleURI": uri, f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": f"{XBRLDT_SCHEMA}#{name}"})
    for role in roles:
        link = etree.SubElement(root, f"{{{LINK}}}definitionLink", {
            f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": role.uri})
        locators = _Locators(link, extension)
        for arc in role.definition_arcs:
            attributes = {
                f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": _DIM_ARCROLES[arc.arcrole],
                f"{{{XLINK}}}from": locators(arc.source),
                f"{{{XLINK}}}to": locators(arc.target, "default" if arc.arcrole == "dimension-default" else ""),
                "order": str(arc.order),
            }
            if arc.arcrole == "all":
                attributes[f"{{{XBRLDT}}}closed"] = "true" if arc.closed else "false"
                attributes[f"{{{XBRLDT}}}contextElement"] = arc.context_element or "segment"
            etree.SubElement(link, f"{{{LINK}}}definitionArc", attributes)
    return root
