"""Inline XBRL 1.1 from the fact model: the tables as printed, each number tagged where it is shown.

The layout is a Jinja2 template (``templates/ixbrl.html.j2``, packaged as ``exporter.templates``);
this module only prepares what the template shows: the printed text of every cell split around its
digits, and the tag of the fact those digits carry. The rendered text is parsed back with lxml, so
what is written is always well-formed XHTML.

The document is read by two kinds of software: XBRL processors parse it as XML, browsers (a file
named ``.htm``) parse it as HTML. Both must see the same tree, which is why empty elements are
written with an end tag and the style sheet avoids the characters XML escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import jinja2
from lxml import etree

from exporter.facts.model import Context, Fact, Unit
from exporter.facts.report import LayoutCell, LayoutLine, Report, TableLayout, scaled
from exporter.resources import package_data

XHTML = "http://www.w3.org/1999/xhtml"
IX = "http://www.xbrl.org/2013/inlineXBRL"
# Transformation Registry 4: num-dot-decimal and fixed-zero are defined there.
IXT = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
ISO4217 = "http://www.xbrl.org/2003/iso4217"

NUMBER_FORMAT = "ixt:num-dot-decimal"
DASH_FORMAT = "ixt:fixed-zero"
TEMPLATE = "ixbrl.html.j2"
STYLESHEET = "ixbrl.css"

_RESERVED_NAMESPACES = {
    "ix": IX, "ixt": IXT, "xbrli": XBRLI, "xbrldi": XBRLDI, "link": LINK, "xlink": XLINK, "iso4217": ISO4217,
}
# HTML elements that have no end tag; every other empty element gets one (``<td></td>``), since an
# HTML parser reads ``<td/>`` or ``<span/>`` as a start tag and nests what follows inside it.
_VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                            "source", "track", "wbr"})
# The digits of a printed number (3,103  0.07  61.5): what a tag encloses, as num-dot-decimal reads it.
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DASHES = frozenset({"--", "-", "—", "–"})

K = TypeVar("K", Context, Unit)


@dataclass(frozen=True, slots=True)
class Tag:
    """One fact as an Inline XBRL element: ``ix:nonFraction`` (numbers) or ``ix:nonNumeric``."""

    element: str
    id: str
    name: str
    context: str
    text: str
    unit: str | None = None
    decimals: int | None = None
    scale: int | None = None
    format: str | None = None
    sign: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of printed text; when ``tag`` is set, the run is that fact's content."""

    text: str
    tag: Tag | None = None


@dataclass(frozen=True, slots=True)
class CellView:
    """A printed amount in three parts, as financial statements align them: the currency sign at the
    left of the column, the number (with its opening parenthesis) at the right, and what follows the
    digits (closing parenthesis, percent sign, footnote mark) hanging past the right edge, so that
    the digits of a column line up whatever is printed around them."""

    currency: str
    number: tuple[Piece, ...]
    after: str


@dataclass(frozen=True, slots=True)
class LineView:
    """A printed line: its label (with any numbers in it tagged) and one cell per column."""

    id: str
    indent: int
    label: tuple[Piece, ...]
    cells: tuple[CellView, ...]
    is_total: bool
    is_last: bool
    is_heading: bool


@dataclass(frozen=True, slots=True)
class TableView:
    """A table as the template lays it out; headings are split into their printed lines."""

    id: str
    heading: tuple[str, ...]
    title: str
    scale_note: str | None
    column_heading: str | None
    column_headings: tuple[tuple[str, ...], ...]
    lines: tuple[LineView, ...]


@dataclass(frozen=True, slots=True)
class ContextView:
    """An ``xbrli:context``: entity, period (XBRL 2.1 dates) and explicit dimensions as QName text."""

    id: str
    scheme: str
    identifier: str
    start: str | None
    end: str
    instant: bool
    dimensions: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class UnitView:
    """An ``xbrli:unit``: measures as QName text; a denominator makes it a ``divide``."""

    id: str
    numerators: tuple[str, ...]
    denominators: tuple[str, ...]


def inline_xbrl(report: Report) -> bytes:
    """The report as an Inline XBRL 1.1 document (XHTML, UTF-8); the same report gives the same bytes.

    Every fact of the report is in it exactly once: numbers where the tables print them (in cells
    and inside labels), everything else (the cover facts) in ``ix:hidden``.
    """
    contexts = _ids((fact.context for fact in report.facts), _context_id)
    units = _ids((fact.unit for fact in report.facts if fact.unit is not None), _unit_id)
    facts = {fact.id: fact for fact in report.facts}
    tagger = _Tagger(facts, contexts, units)
    tables = tuple(_table_view(table, tagger) for table in report.tables)
    hidden = tuple(tagger.hidden(fact) for fact in report.facts if fact.id not in tagger.shown)

    text = _environment().get_template(TEMPLATE).render(
        language=report.language,
        title=report.title,
        entity_name=report.entity_name,
        namespaces=_namespaces(report),
        css=_stylesheet(),
        schema=report.extension.schema_file,
        container=report.dimension_container,
        contexts=tuple(_context_view(context, id_) for context, id_ in contexts.items()),
        units=tuple(_unit_view(unit, id_) for unit, id_ in units.items()),
        hidden=hidden,
        tables=tables,
    )
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(text.encode("utf-8"), parser)
    _check_ids(root)
    _end_tags(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _environment() -> jinja2.Environment:
    # The templates folder of an installed wheel, an editable install or a source checkout alike.
    def load(name: str) -> str | None:
        resource = package_data("templates").joinpath(name)
        return resource.read_text(encoding="utf-8") if resource.is_file() else None

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _stylesheet() -> str:
    css = package_data("templates").joinpath(STYLESHEET).read_text(encoding="utf-8")
    # XML would escape these and an HTML parser would not unescape them inside <style>.
    if any(char in css for char in "<>&"):
        raise ValueError(f"{STYLESHEET} must not contain '<', '>' or '&' (the document is read as XML and HTML)")
    return css


def _namespaces(report: Report) -> tuple[tuple[str, str], ...]:
    namespaces = dict(_RESERVED_NAMESPACES)
    for prefix, uri in report.namespaces:
        if namespaces.setdefault(prefix, uri) != uri:
            raise ValueError(f"prefix {prefix!r} of {uri} is reserved for {namespaces[prefix]} in Inline XBRL")
    return tuple(sorted(namespaces.items()))


def _ids(values: Iterable[K], name: Callable[[K], str]) -> dict[K, str]:
    """Distinct values (contexts or units, equal by value) in order of first use, each with a readable
    unique id.

    First use follows the order of the facts, which follows the source, so ids and their order are
    the same for the same source; a name that two values share gets a numbered suffix.
    """
    result: dict[K, str] = {}
    taken: set[str] = set()
    for value in values:
        if value in result:
            continue
        base = candidate = name(value)
        counter = 1
        while candidate in taken:
            counter += 1
            candidate = f"{base}-{counter}"
        taken.add(candidate)
        result[value] = candidate
    return result


def _context_id(context: Context) -> str:
    period = context.period
    text = (f"c-i{period.end:%Y%m%d}" if period.start is None
            else f"c-d{period.start:%Y%m%d}-{period.end:%Y%m%d}")
    return "-".join([text, *(member.local for _, member in context.dimensions)])


def _unit_id(unit: Unit) -> str:
    text = "u-" + "-".join(m.local for m in unit.numerators)
    if unit.denominators:
        text += "-per-" + "-".join(m.local for m in unit.denominators)
    return text


def _context_view(context: Context, id_: str) -> ContextView:
    period = context.period
    return ContextView(
        id=id_,
        scheme=context.entity.scheme,
        identifier=context.entity.identifier,
        start=None if period.start is None else period.start.isoformat(),
        end=period.end.isoformat(),  # XBRL 2.1 dates are whole days, as the model keeps them
        instant=period.start is None,
        dimensions=tuple((str(axis), str(member)) for axis, member in context.dimensions),
    )


def _unit_view(unit: Unit, id_: str) -> UnitView:
    return UnitView(id_, tuple(map(str, unit.numerators)), tuple(map(str, unit.denominators)))


class _Tagger:
    """Turns facts into tags, and remembers which facts the tables show."""

    def __init__(self, facts: dict[str, Fact], contexts: dict[Context, str], units: dict[Unit, str]) -> None:
        self.facts = facts
        self.contexts = contexts
        self.units = units
        self.shown: set[str] = set()

    def printed(self, fact_id: str, digits: str) -> Tag:
        """The tag of a fact shown as ``digits`` (``3,103``, ``61.5``, ``--``)."""
        fact = self.facts.get(fact_id)
        if fact is None:
            raise ValueError(f"the layout shows fact {fact_id!r}, which the report does not have")
        if fact_id in self.shown:
            raise ValueError(f"the layout shows fact {fact_id!r} twice; a fact is tagged once")
        shown, value = fact.shown, fact.value
        if shown is None or not isinstance(value, Decimal) or fact.unit is None:
            raise ValueError(f"fact {fact_id!r} is shown as a number but has no printed form, value or unit")
        dash = digits in _DASHES
        # What the tag says must be the fact's value exactly, or the iXBRL and the xBRL-JSON differ.
        if dash != shown.nil_dash or (dash and value != 0):
            raise ValueError(f"fact {fact_id!r}: printed {digits!r} does not fit its value {value}")
        if not dash:
            magnitude = scaled(Decimal(digits.replace(",", "")), shown.scale)
            if digits != shown.text or magnitude != abs(value) or (value < 0) != shown.negative:
                raise ValueError(f"fact {fact_id!r}: printed {digits!r} × 10^{shown.scale} is not its value {value}")
        self.shown.add(fact_id)
        return Tag(
            element="nonFraction",
            id=fact.id,
            name=str(fact.concept.qname),
            context=self.contexts[fact.context],
            text=digits,
            unit=self.units[fact.unit],
            decimals=fact.decimals,
            scale=shown.scale,
            format=DASH_FORMAT if dash else NUMBER_FORMAT,
            # The content never carries a sign: the value's sign is this attribute, and whatever the
            # table prints around the number (parentheses, a minus) stays outside the tag.
            sign="-" if value < 0 else None,
        )

    def hidden(self, fact: Fact) -> Tag:
        """The tag of a fact no table shows, for ``ix:hidden``: its value as XBRL writes it."""
        context = self.contexts[fact.context]
        if not isinstance(fact.value, Decimal):
            return Tag(element="nonNumeric", id=fact.id, name=str(fact.concept.qname), context=context,
                       text=fact.value)
        if fact.unit is None:
            raise ValueError(f"numeric fact {fact.id!r} has no unit")
        return Tag(
            element="nonFraction", id=fact.id, name=str(fact.concept.qname), context=context,
            text=format(abs(fact.value), "f"), unit=self.units[fact.unit], decimals=fact.decimals, scale=0,
            sign="-" if fact.value < 0 else None,
        )


def _table_view(table: TableLayout, tagger: _Tagger) -> TableView:
    last = len(table.lines) - 1
    return TableView(
        id=table.id,
        heading=tuple(table.heading.split("\n")) if table.heading else (),
        title=table.title,
        scale_note=table.scale_note,
        column_heading=table.column_heading,
        column_headings=tuple(tuple(heading.split("\n")) for heading in table.column_headings),
        lines=tuple(_line_view(line, tagger, index == last) for index, line in enumerate(table.lines)),
    )


def _line_view(line: LayoutLine, tagger: _Tagger, is_last: bool) -> LineView:
    return LineView(
        id=line.id,
        indent=line.indent,
        label=_label(line, tagger),
        cells=tuple(_cell(cell, tagger) for cell in line.cells),
        is_total=line.is_total,
        is_last=is_last,
        is_heading=not any(cell.text.strip() for cell in line.cells),
    )


def _cell(cell: LayoutCell, tagger: _Tagger) -> CellView:
    text = cell.text.strip()
    if text in _DASHES:
        number = Piece(text, tagger.printed(cell.fact_id, text) if cell.fact_id else None)
        return CellView("", (number,), "")
    match = _DIGITS.search(text)
    if match is None:
        # Nothing to tag (a footnote mark alone, or nothing printed).
        if cell.fact_id:
            raise ValueError(f"fact {cell.fact_id!r} is shown in a cell without digits: {cell.text!r}")
        return CellView("", (Piece(text),) if text else (), "")
    before, digits, after = text[:match.start()], match.group(0), text[match.end():]
    # The "$" (and whatever precedes it) goes to the left of the column, the rest stays with the
    # number: "$ (818)" is "$" and "(818)", "($ 818)" is "($" and "818)", as the release prints them.
    if "$" in before:
        opening, _, lead = before.rpartition("$")
        currency = opening.strip() + "$"
    else:
        currency, lead = "", before
    lead = lead.strip()
    number = [Piece(lead)] if lead else []
    number.append(Piece(digits, tagger.printed(cell.fact_id, digits) if cell.fact_id else None))
    return CellView(currency, tuple(number), after.strip())


def _label(line: LayoutLine, tagger: _Tagger) -> tuple[Piece, ...]:
    """The label as printed, with the numbers it carries tagged inside it (``of $236 and $220``)."""
    label = line.label
    spans: list[tuple[int, int, str]] = []
    for text, fact_id in line.label_facts:
        start = label.find(text)
        # The same text may be printed twice in a label; each value takes the next free occurrence.
        while start >= 0 and any(start < end and begin < start + len(text) for begin, end, _ in spans):
            start = label.find(text, start + 1)
        if start < 0:
            raise ValueError(f"fact {fact_id!r}: {text!r} is not in the label {label!r}")
        match = _DIGITS.search(text)
        if match is None:
            raise ValueError(f"fact {fact_id!r}: the label text {text!r} has no digits to tag")
        spans.append((start + match.start(), start + match.end(), fact_id))
    pieces: list[Piece] = []
    position = 0
    for begin, end, fact_id in sorted(spans):
        if begin > position:
            pieces.append(Piece(label[position:begin]))
        pieces.append(Piece(label[begin:end], tagger.printed(fact_id, label[begin:end])))
        position = end
    if position < len(label):
        pieces.append(Piece(label[position:]))
    return tuple(pieces)


def _check_ids(root: etree._Element) -> None:
    # Facts, contexts and units share one id space; a clash would make a contextRef or a finding's
    # fact id point at the wrong element.
    seen: set[str] = set()
    for element in root.iter():
        id_ = element.get("id")
        if id_ is None:
            continue
        if id_ in seen:
            raise ValueError(f"the id {id_!r} is used twice in the Inline XBRL document")
        seen.add(id_)


def _end_tags(root: etree._Element) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str) or element.text is not None or len(element):
            continue
        if etree.QName(element).localname not in _VOID_ELEMENTS or etree.QName(element).namespace != XHTML:
            element.text = ""
