"""Inline XBRL 1.1 from the fact model: the tables as printed, each number tagged where it is shown.

The layout is a Jinja2 template (``templates/ixbrl.html.j2``, packaged as ``exporter.templates``);
this module prepares what the template shows, and writes the parts there are as many of as facts
(a fact's tag, the two cells around a printed number, a label with numbers in it) itself: at
100,000 facts a template macro per cell took longer than all the rest of a build.

What is rendered is written as it is, in the form lxml gives a document when it writes one (values
escaped as in ``_text`` and ``_attr``, an end tag for every element but the void ones of HTML), so
the output is the same as when each document was parsed into a tree and written out again, without
holding that tree: for a large report it took several times the memory of the document. The
rendered text is still read by an XML parser as it is produced, so what is written is always
well-formed XHTML.

The document is read by two kinds of software: XBRL processors parse it as XML, browsers (a file
named ``.htm``) parse it as HTML. Both must see the same tree, which is why empty elements are
written with an end tag and the style sheet avoids the characters XML escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TypeVar

import jinja2
from lxml import etree
from markupsafe import Markup

from exporter.emitters.ids import context_id, distinct_ids, unit_id
from exporter.facts.model import Concept, Context, Fact, Unit
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
# Only the HTML elements that have no end tag (br, meta) are written empty (``<br/>``); every other
# empty element gets an end tag (``<td></td>``, ``<link:schemaRef ...></link:schemaRef>``), since an
# HTML parser reads ``<td/>`` or ``<span/>`` as a start tag and nests what follows inside it.

# The digits of a printed number (3,103  0.07  61.5): what a tag encloses, as num-dot-decimal reads it.
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DASHES = frozenset({"--", "-", "—", "–"})
# Attribute values with nothing to escape or normalise.
_PLAIN_ATTRIBUTE = re.compile(r"[\w.:/#=?+-]*")
# Written in pieces of about this size, each read by the XML parser that checks the document.
_CHUNK = 1 << 16

K = TypeVar("K", Context, Unit)


def _text(value: str) -> str:
    """``value`` as element content, as lxml writes it: line ends as an XML parser reads them, then
    ``&``, ``<`` and ``>`` escaped (quotes are not)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: object) -> str:
    """``value`` as an attribute value in double quotes, as lxml writes it: whitespace as an XML
    parser normalises it in attributes (each tab or line end a space), then ``&<>"`` escaped."""
    text = str(value)
    if _PLAIN_ATTRIBUTE.fullmatch(text):  # ids and names, almost always: nothing to do
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\n", " ").replace("\t", " ").replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def _finalize(value: object) -> Markup:
    # Every {{ value }} of the template: ready-made markup as it is, anything else as element content.
    return value if isinstance(value, Markup) else Markup(_text(str(value)))


def _tag(element: str, id_: str, name: str, context: str, text: str, unit: str | None = None,
         decimals: int | None = None, scale: int | None = None, format_: str | None = None,
         sign: str | None = None) -> str:
    """One fact as an Inline XBRL element: ``ix:nonFraction`` (numbers) or ``ix:nonNumeric``.

    ``name``, ``context``, ``unit``, ``format_`` and ``sign`` come escaped (``_attr``): there are
    few of them, each escaped once."""
    markup = f'<ix:{element} id="{_attr(id_)}" name="{name}" contextRef="{context}"'
    if unit:
        markup += f' unitRef="{unit}"'
    if decimals is not None:
        markup += f' decimals="{decimals}"'
    if scale is not None:
        markup += f' scale="{scale}"'
    if format_:
        markup += f' format="{format_}"'
    if sign:
        markup += f' sign="{sign}"'
    return f"{markup}>{_text(text)}</ix:{element}>"


@dataclass(frozen=True, slots=True)
class LineView:
    """A printed line: its label (with any numbers in it tagged) and one cell per column, as markup.

    A cell is a printed amount in three parts, as financial statements align them: the currency sign
    at the left of the column, the number (with its opening parenthesis) at the right, and what
    follows the digits (closing parenthesis, percent sign, footnote mark) hanging past the right
    edge, so that the digits of a column line up whatever is printed around them."""

    id: str
    indent: int
    label: Markup
    cells: Markup  # one cell per column, a line each
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
    # The mapping shares context and unit objects among facts: each is named once, by identity,
    # and then by value (equal objects get the same id).
    contexts = distinct_ids(_distinct(fact.context for fact in report.facts), context_id)
    units = distinct_ids(_distinct(fact.unit for fact in report.facts if fact.unit is not None), unit_id)
    facts = {fact.id: fact for fact in report.facts}
    tagger = _Tagger(facts, contexts, units)
    tables = tuple(_table_view(table, tagger) for table in report.tables)
    hidden = tuple(Markup(tagger.hidden(fact)) for fact in report.facts if fact.id not in tagger.shown)
    _check_ids([*facts, *contexts.values(), *units.values(), *(f"table-{table.id}" for table in tables)])

    pieces = _environment().get_template(TEMPLATE).generate(
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
    return b"".join(_checked(pieces))


def _checked(pieces: Iterable[str]) -> Iterator[bytes]:
    """The document in UTF-8, in chunks, each read by an XML parser on the way: raises
    ``lxml.etree.XMLSyntaxError`` if the document is not well-formed XML."""
    # A parser target without callbacks: libxml2 checks the document without building a tree.
    checker = etree.XMLParser(target=_WellFormed(), resolve_entities=False, no_network=True)
    yield b"<?xml version='1.0' encoding='UTF-8'?>\n"
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            chunk = "".join(buffer).encode("utf-8")
            checker.feed(chunk)
            yield chunk
            buffer.clear()
            size = 0
    chunk = "".join(buffer).encode("utf-8")
    checker.feed(chunk)
    checker.close()
    yield chunk  # the template ends with "</html>" and a newline, as the file always has


class _WellFormed:
    """An lxml parser target that only lets the parser check the document."""

    def close(self) -> None:
        return None


def _distinct(values: Iterable[K]) -> list[K]:
    """The distinct objects of ``values`` (by identity), in order of first use."""
    return list({id(value): value for value in values}.values())


@cache
def _environment() -> jinja2.Environment:
    # The templates folder of an installed wheel, an editable install or a source checkout alike.
    def load(name: str) -> str | None:
        resource = package_data("templates").joinpath(name)
        return resource.read_text(encoding="utf-8") if resource.is_file() else None

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["attr"] = lambda value: Markup(_attr(value))
    return environment


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
        # The ids of the context and unit objects as they are (the facts mostly share them), so
        # that a fact's are found without hashing its context by value; escaped for an attribute.
        self._by_identity: dict[int, str] = {
            id(key): _attr(id_) for key, id_ in (*contexts.items(), *units.items())}
        self._names: dict[int, str] = {}  # concept names by identity of the concept, escaped
        self._keep: list[Concept] = []  # the concepts those identities are of, alive meanwhile

    def _id(self, key: Context | Unit) -> str:
        id_ = self._by_identity.get(id(key))
        if id_ is None:
            id_ = _attr(self.contexts[key] if isinstance(key, Context) else self.units[key])
        return id_

    def _name(self, concept: Concept) -> str:
        name = self._names.get(id(concept))
        if name is None:
            name = self._names[id(concept)] = _attr(str(concept.qname))
            self._keep.append(concept)
        return name

    def printed(self, fact_id: str, digits: str) -> str:
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
        if not dash and (digits != shown.text or (value < 0) != shown.negative
                         or scaled(Decimal(digits.replace(",", "")), shown.scale) != abs(value)):
            raise ValueError(f"fact {fact_id!r}: printed {digits!r} × 10^{shown.scale} is not its value {value}")
        self.shown.add(fact_id)
        return _tag(
            "nonFraction", fact.id, self._name(fact.concept), self._id(fact.context), digits,
            unit=self._id(fact.unit), decimals=fact.decimals, scale=shown.scale,
            format_=DASH_FORMAT if dash else NUMBER_FORMAT,
            # The content never carries a sign: the value's sign is this attribute, and whatever the
            # table prints around the number (parentheses, a minus) stays outside the tag.
            sign="-" if value < 0 else None,
        )

    def hidden(self, fact: Fact) -> str:
        """The tag of a fact no table shows, for ``ix:hidden``: its value as XBRL writes it."""
        context = self._id(fact.context)
        if not isinstance(fact.value, Decimal):
            return _tag("nonNumeric", fact.id, self._name(fact.concept), context, fact.value)
        if fact.unit is None:
            raise ValueError(f"numeric fact {fact.id!r} has no unit")
        return _tag("nonFraction", fact.id, self._name(fact.concept), context, format(abs(fact.value), "f"),
                    unit=self._id(fact.unit), decimals=fact.decimals, scale=0, sign="-" if fact.value < 0 else None)


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
        cells=Markup("\n".join([_cell(cell, tagger) for cell in line.cells])),
        is_total=line.is_total,
        is_last=is_last,
        is_heading=not any(cell.text.strip() for cell in line.cells),
    )


def _cell(cell: LayoutCell, tagger: _Tagger) -> str:
    """The two table cells of a printed amount: ``<td class="currency">`` and ``<td class="number">``."""
    text = cell.text.strip()
    currency = after = ""
    if text in _DASHES:
        number = tagger.printed(cell.fact_id, text) if cell.fact_id else _text(text)
    elif (match := _DIGITS.search(text)) is None:
        # Nothing to tag (a footnote mark alone, or nothing printed).
        if cell.fact_id:
            raise ValueError(f"fact {cell.fact_id!r} is shown in a cell without digits: {cell.text!r}")
        number = _text(text)
    else:
        before, digits, after = text[:match.start()], match.group(0), text[match.end():].strip()
        # The "$" (and whatever precedes it) goes to the left of the column, the rest stays with the
        # number: "$ (818)" is "$" and "(818)", "($ 818)" is "($" and "818)", as the release prints them.
        if "$" in before:
            opening, _, lead = before.rpartition("$")
            currency = _text(opening.strip() + "$")
        else:
            lead = before
        lead = lead.strip()
        number = (_text(lead) if lead else "") + (tagger.printed(cell.fact_id, digits) if cell.fact_id else digits)
    if after:
        number += f'<span class="after">{_text(after)}</span>'
    return f'<td class="currency">{currency}</td><td class="number">{number}</td>'


def _label(line: LayoutLine, tagger: _Tagger) -> Markup:
    """The label as printed, with the numbers it carries tagged inside it (``of $236 and $220``)."""
    label = line.label
    if not line.label_facts:
        return Markup(_text(label))
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
    pieces: list[str] = []
    position = 0
    for begin, end, fact_id in sorted(spans):
        if begin > position:
            pieces.append(_text(label[position:begin]))
        pieces.append(tagger.printed(fact_id, label[begin:end]))
        position = end
    if position < len(label):
        pieces.append(_text(label[position:]))
    return Markup("".join(pieces))


def _check_ids(ids: Iterable[str]) -> None:
    # Facts, contexts and units share one id space; a clash would make a contextRef or a finding's
    # fact id point at the wrong element.
    seen: set[str] = set()
    for id_ in ids:
        if id_ in seen:
            raise ValueError(f"the id {id_!r} is used twice in the Inline XBRL document")
        seen.add(id_)
