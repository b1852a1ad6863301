"""The company's extension taxonomy, derived from the mapping: concepts, members, roles, linkbases."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from exporter.errors import Location
from exporter.facts.model import Concept, Context, Fact, ItemKind, QName
from exporter.facts.report import (
    LABEL_ROLE,
    NEGATED_LABEL_ROLE,
    TERSE_LABEL_ROLE,
    TOTAL_LABEL_ROLE,
    CalculationArc,
    DefinitionArc,
    ExtensionTaxonomy,
    Label,
    PresentationArc,
    Role,
    Summation,
    TableLayout,
)
from exporter.source.model import Source
from exporter.taxonomy.profile import Profile

_DATA_TYPES: dict[str, str] = {
    "monetary": "xbrli:monetaryItemType",
    "shares": "xbrli:sharesItemType",
    "perShare": "dtr-types:perShareItemType",
    "percent": "dtr-types:percentItemType",
    "pure": "xbrli:pureItemType",
    "decimal": "xbrli:decimalItemType",
    "integer": "xbrli:integerItemType",
    "string": "xbrli:stringItemType",
    "date": "xbrli:dateItemType",
    "boolean": "xbrli:booleanItemType",
}
_ROLE_KINDS = {"statement": "Statement", "disclosure": "Disclosure", "document": "Document"}

QNameOf = Callable[[str, Location], QName]


def pascal(identifier: str) -> str:
    """``balance_sheet`` → ``BalanceSheet``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", identifier) if part)


def role_uri(source: Source, table_id: str) -> str:
    return f"{source.extension_namespace.rstrip('/')}/role/{pascal(table_id)}"


def extension_concepts(source: Source) -> dict[str, Concept]:
    """Concepts the source declares: line-item concepts, members, and one abstract per table."""
    prefix, namespace = source.extension_prefix, source.extension_namespace
    result: dict[str, Concept] = {}
    for c in source.extension_concepts:
        kind: ItemKind = c.type  # type: ignore[assignment]
        result[f"{prefix}:{c.name}"] = Concept(QName(prefix, c.name, namespace), kind, _DATA_TYPES[c.type],
                                              c.period_type, c.balance)
    for m in source.extension_members:
        result[f"{prefix}:{m.name}"] = Concept(QName(prefix, m.name, namespace), "domain",
                                              "dtr-types:domainItemType", "duration", None, abstract=True)
    for table in source.tables:
        name = f"{pascal(table.id)}Abstract"
        result[f"{prefix}:{name}"] = Concept(QName(prefix, name, namespace), "string", "xbrli:stringItemType",
                                            "duration", None, abstract=True)
    return result


def build_extension(
    source: Source,
    profile: Profile,
    qname_of: QNameOf,
    facts: tuple[Fact, ...],
    summations: list[Summation],
    layouts: list[TableLayout],
) -> ExtensionTaxonomy:
    """Build the extension taxonomy for the facts: one role per table with its linkbases."""
    prefix = source.extension_prefix
    where = Location(f"{source.root.rstrip('/').rsplit('/', 1)[-1]}/report.yaml")
    labels: dict[tuple[QName, str], Label] = {}

    def label(concept: QName, role: str, text: str) -> None:
        # A total printed without a label ("3,909" under the expenses) still needs one.
        text = " ".join(text.split()).rstrip(":") or _words(concept.local)
        if (concept, role) not in labels:
            labels[(concept, role)] = Label(concept, role, text)

    own = extension_concepts(source)
    for c in source.extension_concepts:
        label(qname_of(f"{prefix}:{c.name}", c.location), LABEL_ROLE, c.label)
    for m in source.extension_members:
        label(qname_of(f"{prefix}:{m.name}", m.location), LABEL_ROLE, m.label)

    line_labels = _line_labels(source, qname_of)
    # The contexts of each table's facts, each context once (facts share context objects, and a
    # large report has a hundred thousand facts in a few thousand contexts).
    contexts_by_table: dict[str, dict[int, Context]] = {}
    for fact in facts:
        if fact.origin is not None:
            contexts_by_table.setdefault(fact.origin.table, {})[id(fact.context)] = fact.context
    lines_by_table = {t.id: t for t in source.tables}
    member_parent = {f"{prefix}:{m.name}": m.parent for m in source.extension_members}
    domains = dict(source.axes)
    profile_hypercube = qname_of(profile.hypercube, where)
    profile_line_items = qname_of(profile.line_items, where)
    defaulted: set[QName] = set()
    roles = []
    for index, layout in enumerate(layouts, start=1):
        table = lines_by_table[layout.id]
        abstract = qname_of(f"{prefix}:{pascal(table.id)}Abstract", where)
        label(abstract, LABEL_ROLE, table.title)
        table_contexts = contexts_by_table.get(table.id, {}).values()
        line_concepts: list[tuple[QName, str | None]] = []
        seen: set[QName] = set()
        totals = {s.total_row for s in summations if s.table == table.id}
        for line in table.lines:
            mapping = line.mapping
            if mapping is None or mapping.concept is None:
                continue
            concept = qname_of(mapping.concept, mapping.location)
            preferred = None
            if mapping.sign == "negate":
                preferred = NEGATED_LABEL_ROLE
            elif line.id in totals:
                preferred = TOTAL_LABEL_ROLE
            label(concept, LABEL_ROLE if mapping.concept in own else TERSE_LABEL_ROLE, line_labels[concept])
            if preferred:
                label(concept, preferred, line.label)
            if concept not in seen:
                seen.add(concept)
                line_concepts.append((concept, preferred))
            for value in mapping.label_values:
                value_concept = qname_of(value.concept, value.location)
                if value_concept not in seen:
                    seen.add(value_concept)
                    line_concepts.append((value_concept, None))
        axes: dict[QName, set[QName]] = {}
        for context in table_contexts:
            for axis, member in context.dimensions:
                axes.setdefault(axis, set()).add(member)
        presentation: list[PresentationArc] = []
        definition: list[DefinitionArc] = []
        if axes:
            presentation.append(PresentationArc(abstract, profile_hypercube, 1))
            definition.append(DefinitionArc("all", profile_line_items, profile_hypercube, 1, closed=True,
                                            context_element=source.dimension_container))
            for axis_order, axis in enumerate(sorted(axes), start=1):
                domain = qname_of(domains[str(axis)], where)
                presentation.append(PresentationArc(profile_hypercube, axis, axis_order))
                presentation.append(PresentationArc(axis, domain, 1))
                definition.append(DefinitionArc("hypercube-dimension", profile_hypercube, axis, axis_order))
                definition.append(DefinitionArc("dimension-domain", axis, domain, 1))
                if axis not in defaulted:
                    defaulted.add(axis)
                    definition.append(DefinitionArc("dimension-default", axis, domain, 1))
                for arc_source, member, order in _member_tree(axes[axis], domain, member_parent, qname_of, where):
                    presentation.append(PresentationArc(arc_source, member, order))
                    definition.append(DefinitionArc("domain-member", arc_source, member, order))
            presentation.append(PresentationArc(profile_hypercube, profile_line_items, len(axes) + 1))
            parent = profile_line_items
        else:
            parent = abstract
        for order, (concept, preferred) in enumerate(line_concepts, start=1):
            presentation.append(PresentationArc(parent, concept, order, preferred))
            if axes:
                definition.append(DefinitionArc("domain-member", profile_line_items, concept, order))
        calculation = _calculation_arcs(_aligned(summations, table.id))
        kind = _ROLE_KINDS[table.kind]
        roles.append(Role(
            id=pascal(table.id),
            uri=layout.role_uri,
            definition=f"{index:07d} - {kind} - {table.title}",
            presentation=tuple(presentation),
            calculation=tuple(calculation),
            definition_arcs=tuple(definition),
        ))
    if source.cover:
        roles.insert(0, _cover_role(source, qname_of, facts, label))
    used = {arc.child for role in roles for arc in role.presentation} | \
        {arc.parent for role in roles for arc in role.presentation}
    concepts = tuple(c for name, c in own.items() if c.qname in used or not name.endswith("Abstract"))
    return ExtensionTaxonomy(
        prefix=prefix,
        namespace=source.extension_namespace,
        schema_file=f"{source.name}.xsd",
        imports=tuple((t.namespace, t.schema) for t in profile.taxonomies),
        concepts=concepts,
        labels=tuple(labels.values()),
        roles=tuple(roles),
    )


def _line_labels(source: Source, qname_of: QNameOf) -> dict[QName, str]:
    """The printed label that names each concept: the first line that uses it without dimensions
    (a segment's line, "ICC.NET Revenue", would misname the consolidated fact), else the first line."""
    chosen: dict[QName, tuple[int, str]] = {}
    for table in source.tables:
        for line in table.lines:
            mapping = line.mapping
            if mapping is None or mapping.concept is None:
                continue
            concept = qname_of(mapping.concept, mapping.location)
            rank = 1 if (table.dimensions or mapping.dimensions or any(c.dimensions for c in table.columns)) else 0
            if concept not in chosen or rank < chosen[concept][0]:
                chosen[concept] = (rank, line.label)
    return {concept: text for concept, (_, text) in chosen.items()}


def _words(name: str) -> str:
    """``CostsAndExpenses`` → ``Costs And Expenses``: a readable stand-in for a missing label."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


def _member_tree(members: Iterable[QName], domain: QName, parents: dict[str, str | None], qname_of: QNameOf,
                 where: Location) -> list[tuple[QName, QName, int]]:
    """Arcs domain → member (or parent member → member), parents included, in a stable order."""
    arcs: dict[tuple[QName, QName], int] = {}
    pending = sorted(members)
    done: set[QName] = set()
    while pending:
        member = pending.pop(0)
        if member in done:
            continue
        done.add(member)
        parent_name = parents.get(str(member))
        parent = qname_of(parent_name, where) if parent_name else domain
        if parent != domain and parent not in done:
            pending.append(parent)
        siblings = sum(1 for (p, _) in arcs if p == parent)
        arcs.setdefault((parent, member), siblings + 1)
    return sorted(((p, m, o) for (p, m), o in arcs.items()), key=lambda a: (a[0] != domain, str(a[0]), a[2]))


def _aligned(summations: list[Summation], table_id: str) -> list[Summation]:
    """The table's summations, each widened to the largest breakdown of the same total elsewhere
    when that one contains it.

    Calculations 1.1 checks a role's summation in every context, so a reconciliation that prints a
    subset of the items (a segment's, say) would be inconsistent with the consolidated facts; with
    the full list, the items a table does not print are simply absent from its contexts.
    """
    result = []
    for summation in (s for s in summations if s.table == table_id):
        items = {(concept, weight) for _, concept, weight in summation.items}
        widest = summation
        for other in summations:
            other_items = {(concept, weight) for _, concept, weight in other.items}
            if other.total == summation.total and items <= other_items and len(other_items) > len(widest.items):
                widest = other
        result.append(widest if widest is summation else
                      Summation(summation.table, summation.role_uri, summation.total_row, summation.total,
                                widest.items, summation.location))
    return result


def _calculation_arcs(summations: Iterable[Summation]) -> list[CalculationArc]:
    arcs: dict[tuple[QName, QName], CalculationArc] = {}
    for summation in summations:
        for order, (_, item, weight) in enumerate(summation.items, start=1):
            arcs.setdefault((summation.total, item), CalculationArc(summation.total, item, weight, order))
    return list(arcs.values())


def _cover_role(source: Source, qname_of: QNameOf, facts: tuple[Fact, ...],
                label: Callable[[QName, str, str], None]) -> Role:
    where = Location("report.yaml", field="cover")
    abstract = qname_of("dei:CoverAbstract", where)
    arcs = []
    order = 0
    for fact in facts:
        if fact.origin is not None and fact.origin.table == "cover":
            order += 1
            arcs.append(PresentationArc(abstract, fact.concept.qname, order))
    return Role(
        id="CoverPage",
        uri=f"{source.extension_namespace.rstrip('/')}/role/CoverPage",
        definition="0000000 - Document - Cover Page",
        presentation=tuple(arcs),
        calculation=(),
        definition_arcs=(),
    )
