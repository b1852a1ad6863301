"""Stage 2: the mapping layer. Ties each printed line to a concept and turns cells into facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from exporter.errors import Location, SourceError
from exporter.facts.model import (
    Concept,
    Context,
    Entity,
    Fact,
    ItemKind,
    Origin,
    Period,
    QName,
    Shown,
    Unit,
)
from exporter.facts.report import (
    LayoutCell,
    LayoutLine,
    Moved,
    Placeholder,
    Report,
    Summation,
    TableLayout,
    Untagged,
)
from exporter.gcpause import without_gc
from exporter.mapping.extension import build_extension, extension_concepts, role_uri
from exporter.source.cells import PrintedNumber
from exporter.source.model import Column, ExtensionMember, Line, RowMapping, Source, Table
from exporter.taxonomy.catalog import Catalog

XBRLI = "http://www.xbrl.org/2003/instance"
ISO4217 = "http://www.xbrl.org/2003/iso4217"

_TYPE_UNITS = {"monetary", "shares", "perShare", "percent", "pure"}
# The printed digits of a cell, without sign, currency, parentheses or percent: ``3,103``.
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class _Names:
    """Resolves ``prefix:local`` names of the source to concepts and QNames."""

    catalog: Catalog
    extension: dict[str, Concept]
    namespaces: dict[str, str]

    def qname(self, name: str, where: Location) -> QName:
        prefix, _, local = name.partition(":")
        namespace = self.namespaces.get(prefix)
        if namespace is None:
            raise SourceError(f"unknown prefix {prefix!r} in {name!r}", where,
                              hint=f"known prefixes: {', '.join(sorted(self.namespaces))}")
        return QName(prefix, local, namespace)

    def concept(self, name: str, where: Location) -> Concept:
        concept = self.extension.get(name) or self.catalog.get(name)
        if concept is None:
            self.qname(name, where)
            closest = self.catalog.closest(name) + [n for n in self.extension if _similar(n, name)]
            raise SourceError(f"unknown concept {name!r}: not in {self.catalog.profile.name} or the extension",
                              where, hint=f"did you mean {', '.join(closest)}?" if closest else None)
        return concept


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() > 0.8


@without_gc
def map_source(source: Source, catalog: Catalog) -> Report:
    """Turn a checked source into the report: facts, contexts, units, extension taxonomy, layout.

    Raises ``SourceError`` at the line item at fault when the mapping contradicts the taxonomy
    (period type, unit, unknown concept, a member not on its axis).
    """
    profile = catalog.profile
    namespaces = {t.prefix: t.namespace for t in profile.taxonomies}
    namespaces[source.extension_prefix] = source.extension_namespace
    ext = extension_concepts(source)
    for name in ext:
        if catalog.get(name) is not None:
            raise SourceError(f"extension concept {name} clashes with a standard concept",
                              next(c.location for c in source.extension_concepts
                                   if f"{source.extension_prefix}:{c.name}" == name))
    names = _Names(catalog, ext, namespaces)
    entity = Entity(source.entity_scheme, source.entity_identifier)
    members = {f"{source.extension_prefix}:{m.name}": m for m in source.extension_members}
    axes = {axis: domain for axis, domain in source.axes}
    for axis, domain in source.axes:
        where = Location(f"{_base(source)}/report.yaml", field=f"axes.{axis}")
        axis_concept = names.concept(axis, where)
        if axis_concept.substitution_group != "xbrldt:dimensionItem":
            raise SourceError(f"{axis} is not an axis (a dimension item)", where)
        names.concept(domain, where)
    for member in source.extension_members:
        if member.parent is not None:
            names.concept(member.parent, member.location)

    periods = {p.id: Period(p.end, p.start) for p in source.periods}
    contexts = _Contexts(names, axes, members, entity)
    facts: list[Fact] = []
    layouts: list[TableLayout] = []
    summations: list[Summation] = []
    untagged: list[Untagged] = []
    moved: list[Moved] = []
    resolutions = {(r.table, r.row, r.column): r for r in source.resolutions}

    for fact in _cover_facts(source, names, entity, periods):
        facts.append(fact)

    for table in source.tables:
        uri = role_uri(source, table.id)
        layout_lines = []
        totals = {line.id for line in table.lines if line.mapping and line.mapping.total}
        for line in table.lines:
            mapping = line.mapping
            concept = names.concept(mapping.concept, mapping.location) if mapping and mapping.concept else None
            cells = []
            line_cells = dict(line.cells)
            for column in table.columns:
                cell = line_cells.get(column.id)
                assert cell is not None
                number = cell.number
                if number is None:
                    cells.append(LayoutCell(cell.text))
                    continue
                if concept is None:
                    reason = mapping.comment if mapping else None
                    untagged.append(Untagged(table.id, line.id, column.id, line.label, cell.text,
                                             cell.location, reason))
                    cells.append(LayoutCell(cell.text, note=reason))
                    continue
                resolution = resolutions.get((table.id, line.id, column.id)) if resolutions else None
                target = column
                if resolution is not None and resolution.action == "exclude":
                    untagged.append(Untagged(table.id, line.id, column.id, line.label, cell.text,
                                             resolution.location, resolution.reason, resolved=True))
                    cells.append(LayoutCell(cell.text, note=resolution.reason))
                    continue
                fact_id = f"f-{table.id}-{line.id}-{column.id}"
                if resolution is not None and resolution.action == "move":
                    moved_to = table.column(resolution.to_column or "")
                    assert moved_to is not None
                    target = moved_to
                    moved.append(Moved(fact_id, column.id, target.id, resolution.reason, resolution.location))
                origin = Origin(table.id, line.id, column.id, line.label, cell.location, cell.text)
                fact = _numeric_fact(fact_id, concept, number, table, target, mapping, mapping.sign,
                                     mapping.dimensions, names, contexts, periods, source, origin)
                facts.append(fact)
                cells.append(LayoutCell(cell.text, fact_id))
            label_facts = []
            if mapping:
                for index, value in enumerate(mapping.label_values):
                    column = table.column(value.column)
                    assert column is not None
                    value_concept = names.concept(value.concept, value.location)
                    fact_id = f"f-{table.id}-{line.id}-{column.id}-label{index + 1}"
                    origin = Origin(table.id, line.id, column.id, line.label, value.location, value.text)
                    dims = tuple(sorted({**dict(mapping.dimensions), **dict(value.dimensions)}.items()))
                    facts.append(_numeric_fact(fact_id, value_concept, value.number, table, column, mapping,
                                               value.sign, dims, names, contexts, periods, source, origin,
                                               row_scale=False))
                    label_facts.append((value.text, fact_id))
            layout_lines.append(LayoutLine(line.id, line.indent, line.label, tuple(cells), tuple(label_facts),
                                           is_total=line.id in totals))
            if mapping and mapping.total:
                summations.append(_summation(table, line, mapping, concept, names, uri))
        layouts.append(TableLayout(table.id, table.title, table.heading, table.scale_note, table.column_heading,
                                   tuple(c.heading for c in table.columns), tuple(layout_lines), uri))

    _check_unique_ids(facts)
    report_facts = tuple(facts)
    extension = build_extension(source, profile, names.qname, report_facts, summations, layouts)
    used_prefixes = _used_prefixes(report_facts, source)
    namespace_list = sorted((p, ns) for p, ns in namespaces.items() if p in used_prefixes)
    return Report(
        name=source.name,
        title=source.title,
        language=source.language,
        dimension_container=source.dimension_container,
        entity=entity,
        entity_name=source.entity_name,
        facts=report_facts,
        namespaces=tuple(namespace_list),
        extension=extension,
        tables=tuple(layouts),
        summations=tuple(summations),
        untagged=tuple(untagged),
        moved=tuple(moved),
        placeholders=tuple(Placeholder(p.what, p.value, p.reason, p.location) for p in source.placeholders),
    )


def _base(source: Source) -> str:
    return source.root.rstrip("/").rsplit("/", 1)[-1]


def _used_prefixes(facts: Iterable[Fact], source: Source) -> set[str]:
    used = {source.extension_prefix}
    # Facts share their contexts (see _Contexts): look at each context once.
    contexts: dict[int, Context] = {}
    for fact in facts:
        used.add(fact.concept.qname.prefix)
        contexts[id(fact.context)] = fact.context
    for context in contexts.values():
        for axis, member in context.dimensions:
            used.update((axis.prefix, member.prefix))
    return used


def _check_unique_ids(facts: list[Fact]) -> None:
    seen: dict[str, Fact] = {}
    for fact in facts:
        if fact.id in seen:
            where = fact.origin.location if fact.origin else None
            raise SourceError(f"two facts would get the id {fact.id!r}", where,
                              hint="table, row and column ids must be unique")
        seen[fact.id] = fact


def _cover_facts(source: Source, names: _Names, entity: Entity, periods: dict[str, Period]) -> Iterable[Fact]:
    for item in source.cover:
        concept = names.concept(item.concept, item.location)
        period = periods[item.period]
        _check_period_type(concept, period, item.period, item.location)
        if concept.is_numeric:
            raise SourceError(f"cover fact {item.concept} is numeric; cover facts are text, dates and flags",
                              item.location, hint="put numbers in a table")
        origin = Origin("cover", concept.qname.local, item.period, item.concept, item.location, item.value)
        yield Fact(f"f-cover-{concept.qname.local}", concept, Context(entity, period), item.value, origin=origin)


def _check_period_type(concept: Concept, period: Period, period_id: str, where: Location) -> None:
    if concept.period_type == "instant" and not period.is_instant:
        raise SourceError(f"{concept.qname} is an instant concept but period {period_id} is a duration",
                          where, hint="use a column whose period is an instant (a balance-sheet date)")
    if concept.period_type == "duration" and period.is_instant:
        raise SourceError(f"{concept.qname} is a duration concept but period {period_id} is an instant",
                          where, hint="use a column whose period is a duration (e.g. a quarter)")


@lru_cache(maxsize=16)
def _units_by_kind(currency: str) -> dict[ItemKind, Unit]:
    """The unit each kind of numeric item takes, for a report in ``currency``."""
    money = QName("iso4217", currency, ISO4217)
    shares = QName("xbrli", "shares", XBRLI)
    pure = QName("xbrli", "pure", XBRLI)
    return {
        "monetary": Unit((money,)),
        "shares": Unit((shares,)),
        "perShare": Unit((money,), (shares,)),
        "percent": Unit((pure,)),
        "pure": Unit((pure,)),
    }


def _unit(concept: Concept, given: str | None, currency: str, names: _Names, where: Location) -> Unit:
    unit = _units_by_kind(currency).get(concept.kind)
    if given is None:
        if unit is None:
            raise SourceError(f"{concept.qname} ({concept.data_type}) needs a unit", where,
                              hint="give the row a unit, e.g. unit: pure")
        return unit
    numerator, _, denominator = given.partition("/")

    def measure(text: str) -> QName:
        if re.fullmatch(r"[A-Z]{3}", text):
            return QName("iso4217", text, ISO4217)
        if text in ("shares", "pure"):
            return QName("xbrli", text, XBRLI)
        return names.qname(text, where)

    explicit = Unit((measure(numerator),), (measure(denominator),) if denominator else ())
    if unit is not None and explicit != unit:
        raise SourceError(f"unit {given!r} does not fit {concept.qname} ({concept.data_type}); "
                          f"expected {unit.oim()}", where)
    return explicit


class _Contexts:
    """The contexts (and units) of the facts, each checked and built once and shared by all its facts.

    A large report has a few thousand contexts for hundreds of thousands of facts: checking the
    dimensions of every fact again, and keeping a context object per fact, was most of the mapping's
    time and a good part of the report's memory. Facts in equal contexts get the same object, which
    the emitters use to look each context up once.
    """

    def __init__(self, names: _Names, axes: dict[str, str], members: dict[str, ExtensionMember],
                 entity: Entity) -> None:
        self.names = names
        self.axes = axes
        self.members = members
        self.entity = entity
        # By the dimensions as the source gives them (table, column, row): checked, as QNames.
        self._checked: dict[tuple[object, ...], tuple[tuple[QName, QName], ...]] = {}
        # By period and checked dimensions: the one context object.
        self._contexts: dict[tuple[object, ...], Context] = {}
        self._by_source: dict[tuple[object, ...], Context] = {}
        # The unit of a concept's facts, by the concept's identity and the unit the row gives.
        self.units: dict[tuple[int, str | None], Unit] = {}

    def get(self, period_id: str, period: Period, table: Table, column: Column,
            row_dimensions: tuple[tuple[str, str], ...], where: Location) -> Context:
        """The context of a fact in ``period`` with the dimensions of its table, column and row;
        raises ``SourceError`` at ``where`` when an axis or member does not fit."""
        given = (table.dimensions, column.dimensions, row_dimensions)
        key = (period_id, given)
        context = self._by_source.get(key)
        if context is None:
            dimensions = self._checked.get(given)
            if dimensions is None:
                dimensions = self._checked[given] = self._check(given, where)
            context = self._contexts.setdefault((period_id, dimensions), Context(self.entity, period, dimensions))
            self._by_source[key] = context
        return context

    def _check(self, given: tuple[tuple[tuple[str, str], ...], ...],
               where: Location) -> tuple[tuple[QName, QName], ...]:
        table_dimensions, column_dimensions, row_dimensions = given
        names = self.names
        dimensions = {**dict(table_dimensions), **dict(column_dimensions), **dict(row_dimensions)}
        context_dims = []
        for axis, member in sorted(dimensions.items()):
            if axis not in self.axes:
                raise SourceError(f"axis {axis} is not listed under axes in report.yaml", where,
                                  hint=f"add {axis}: {{domain: ...}} under axes")
            extension_member = self.members.get(member)
            if extension_member is not None and extension_member.axis != axis:
                raise SourceError(f"member {member} is not on axis {axis} (it is declared on {extension_member.axis})",
                                  where)
            member_concept = names.concept(member, where)
            if member_concept.kind != "domain" and extension_member is None:
                raise SourceError(f"{member} is not a member (a domain item)", where)
            context_dims.append((names.qname(axis, where), names.qname(member, where)))
        return tuple(context_dims)


def _numeric_fact(
    fact_id: str,
    concept: Concept,
    number: PrintedNumber,
    table: Table,
    column: Column,
    mapping: RowMapping,
    sign: str,
    row_dimensions: tuple[tuple[str, str], ...],
    names: _Names,
    contexts: _Contexts,
    periods: dict[str, Period],
    source: Source,
    origin: Origin,
    row_scale: bool = True,
) -> Fact:
    where = mapping.location
    given_unit = mapping.unit if row_scale else None
    # What depends on the concept and the unit given alone is checked once for all their facts
    # (by the concept's identity: the catalog and the extension keep each concept alive).
    unit = contexts.units.get((id(concept), given_unit))
    period = periods[column.period]
    if unit is None:
        if not concept.is_numeric:
            raise SourceError(f"{concept.qname} ({concept.data_type}) is not numeric, but the line prints numbers",
                              where)
        if concept.abstract:
            raise SourceError(f"{concept.qname} is abstract and cannot carry a value", where)
        _check_period_type(concept, period, column.period, where)
        unit = _unit(concept, given_unit, source.currency, names, where)
        contexts.units[(id(concept), given_unit)] = unit
    else:
        _check_period_type(concept, period, column.period, where)
    context = contexts.get(column.period, period, table, column, row_dimensions, where)
    # Percentages are printed ×100; only monetary amounts follow the table's "in thousands".
    if number.percent:
        if concept.kind not in ("percent", "pure", "decimal"):
            raise SourceError(f"{number.text!r} is a percentage but {concept.qname} is {concept.data_type}",
                              origin.location)
        scale = -2
    elif row_scale and mapping.scale is not None:
        scale = mapping.scale
    else:
        scale = table.scale if concept.kind == "monetary" else 0
    value = number.value.scaleb(scale)
    if sign == "negate":
        value = -value
    decimals = mapping.decimals if (row_scale and mapping.decimals is not None) else number.fraction_digits - scale
    if number.nil:
        value = Decimal(0)
    value = _normal(value)
    shown = Shown(_digits(number), scale, value < 0, number.nil, number.percent)  # (positional is faster)
    return Fact(fact_id, concept, context, value, unit, decimals, origin, shown)


def _normal(value: Decimal) -> Decimal:
    """The same number without exponent or trailing zeros after the point (1.2300 → 1.23, 3.1E+6 → 3100000)."""
    if value == 0:
        return Decimal(0)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def _digits(number: PrintedNumber) -> str:
    """The printed digits of a cell without sign, currency, parentheses or percent: ``3,103``."""
    match = _DIGITS.search(number.text)
    return match.group(0) if match else number.text


def _summation(table: Table, line: Line, mapping: RowMapping, total: Concept | None, names: _Names,
               uri: str) -> Summation:
    if total is None:
        raise SourceError(f"row {line.id!r} declares a total but has no concept", mapping.location)
    items = []
    for part in mapping.total:
        part_line = table.line(part.row)
        assert part_line is not None
        if part_line.mapping is None or part_line.mapping.concept is None:
            raise SourceError(f"total of {line.id!r} names row {part.row!r}, which has no concept",
                              mapping.location)
        item = names.concept(part_line.mapping.concept, part_line.mapping.location)
        weight = part.weight
        inferred = -1 if total.balance and item.balance and total.balance != item.balance else 1
        if weight is None:
            weight = inferred
        elif total.balance and item.balance and weight != inferred:
            raise SourceError(
                f"weight {weight:+d} for {item.qname} ({item.balance}) in the total {total.qname} ({total.balance}) "
                "contradicts their balance types", mapping.location,
                hint=f"drop the sign to let it follow the balances ({inferred:+d}), or map another concept")
        items.append((part.row, item.qname, weight))
    return Summation(table.id, uri, line.id, total.qname, tuple(items), mapping.location)
