"""The Inline XBRL emitter: the printed tables with every fact tagged, valid in Arelle, and carrying
exactly the facts of the xBRL-JSON."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import pickle
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from exporter import arelle
from exporter.emitters.ixbrl import DASH_FORMAT, IX, IXT, NUMBER_FORMAT, XBRLDI, XBRLI, XHTML, inline_xbrl
from exporter.facts.report import LayoutCell, Report

DATA = Path(__file__).resolve().parent / "data"
NS = {"h": XHTML, "ix": IX, "xbrli": XBRLI, "xbrldi": XBRLDI,
      "link": "http://www.xbrl.org/2003/linkbase", "xlink": "http://www.w3.org/1999/xlink"}
FACT_ELEMENTS = f"{{{IX}}}nonFraction", f"{{{IX}}}nonNumeric"


@pytest.fixture(scope="session")
def report(built_example) -> Report:
    return built_example.report


@pytest.fixture(scope="session")
def htm_path(built_example) -> Path:
    return next(p for p in built_example.files if p.suffix == ".htm")


@pytest.fixture(scope="session")
def tree(htm_path: Path) -> etree._Element:
    return etree.parse(str(htm_path)).getroot()


def _parse(report: Report) -> etree._Element:
    return etree.fromstring(inline_xbrl(report))


def _tags(root: etree._Element) -> dict[str, etree._Element]:
    tags: dict[str, etree._Element] = {}
    for element in root.iter(*FACT_ELEMENTS):
        assert element.get("id") not in tags, f"fact {element.get('id')} tagged twice"
        tags[element.get("id")] = element
    return tags


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _value(tag: etree._Element) -> Decimal:
    """A nonFraction's value, as the Inline XBRL specification reads it (num-dot-decimal, fixed-zero)."""
    if tag.get("format") == DASH_FORMAT:
        return Decimal(0)
    magnitude = Decimal(tag.text.replace(",", "")).scaleb(int(tag.get("scale", "0")))
    return -magnitude if tag.get("sign") == "-" else magnitude


# --- the document -------------------------------------------------------------------------------

def test_build_writes_the_inline_document_beside_the_json(built_example, htm_path: Path) -> None:
    assert htm_path.name == f"{built_example.report.name}.htm"
    assert htm_path.read_bytes() == inline_xbrl(built_example.report)
    assert htm_path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<html")


def test_output_is_byte_identical_across_processes(report: Report, htm_path: Path, tmp_path: Path) -> None:
    # Another interpreter with another string-hash seed: no set or dict order may leak into the output.
    pickled = tmp_path / "report.pickle"
    pickled.write_bytes(pickle.dumps(report))
    script = ("import pickle, sys; from exporter.emitters.ixbrl import inline_xbrl; "
              "sys.stdout.buffer.write(inline_xbrl(pickle.loads(open(sys.argv[1], 'rb').read())))")
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", script, str(pickled)], capture_output=True, check=True,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.stdout == htm_path.read_bytes()


def test_every_fact_is_tagged_exactly_once_with_its_model_id(report: Report, tree: etree._Element) -> None:
    tags = _tags(tree)
    assert sorted(tags) == sorted(f.id for f in report.facts)
    for fact in report.facts:
        assert tags[fact.id].get("name") == str(fact.concept.qname)
        expected = "nonFraction" if fact.is_numeric else "nonNumeric"
        assert etree.QName(tags[fact.id]).localname == expected


def test_tagged_numbers_carry_the_model_values(report: Report, tree: etree._Element) -> None:
    tags = _tags(tree)
    numeric = [f for f in report.facts if f.is_numeric]
    assert len(numeric) == 203
    for fact in numeric:
        tag = tags[fact.id]
        assert tag.get("decimals") == str(fact.decimals), fact.id
        assert tag.get("scale") == str(fact.shown.scale), fact.id
        assert (tag.get("sign") == "-") == (fact.value < 0), fact.id
        assert _value(tag) == fact.value, fact.id
        if fact.shown.nil_dash:
            assert tag.get("format") == DASH_FORMAT and tag.text == "--", fact.id
        else:
            assert tag.get("format") == NUMBER_FORMAT, fact.id
            # The content is the printed digits only: no minus, parenthesis, currency or percent sign.
            assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", tag.text), (fact.id, tag.text)


def test_negatives_keep_their_parentheses_outside_the_tag(tree: etree._Element) -> None:
    tags = _tags(tree)
    net_loss = tags["f-operations-net_loss-Q1FY2004"]          # printed $ (818), value -818000
    assert net_loss.get("sign") == "-" and net_loss.text == "818"
    cell = net_loss.getparent()
    assert cell.text == "(" and _text(cell) == "(818)"
    assert cell.getprevious().text == "$"
    interest = tags["f-operations-interest_expense-Q1FY2004"]  # printed (13), negated: the fact is +13000
    assert interest.get("sign") is None and _text(interest.getparent()) == "(13)"
    add_back = tags["f-ebitda_consolidated-net_interest-Q1FY2004"]  # printed 12, negated: -12000
    assert add_back.get("sign") == "-" and _text(add_back.getparent()) == "12"


def test_percentages_are_scaled_minus_two(tree: etree._Element) -> None:
    tag = _tags(tree)["f-gross_margin_van-gross_margin_percent-Q1FY2004"]
    assert (tag.text, tag.get("scale"), tag.get("decimals")) == ("61.5", "-2", "3")
    assert _value(tag) == Decimal("0.615")
    assert _text(tag.getparent()) == "61.5%"


def test_numbers_in_labels_are_tagged_inside_the_label(report: Report, tree: etree._Element) -> None:
    tags = _tags(tree)
    first = tags["f-balance_sheet-receivables-AsOf20031031-label1"]
    second = tags["f-balance_sheet-receivables-AsOf20030731-label2"]
    label = first.getparent()
    assert label is second.getparent() and "label" in label.get("class")
    assert _text(label) == ("Accounts receivable, net of allowance for doubtful accounts of $236 and $220, "
                            "respectively")
    assert (first.text, _value(first), second.text, _value(second)) == ("236", 236000, "220", 220000)
    assert first.getprevious() is None and label.text.endswith("$")


def test_tables_read_as_printed(report: Report, tree: etree._Element) -> None:
    """Each table shows its heading, title, scale note, column headings, and every line with its
    label and cells exactly as the source prints them."""
    sections = tree.findall(".//h:div[@class='statement']", NS)
    assert [s.get("id") for s in sections] == [f"table-{t.id}" for t in report.tables]
    for layout, section in zip(report.tables, sections, strict=True):
        heading = section.find("h:p[@class='heading']", NS)
        assert (None if heading is None else "\n".join(heading.itertext())) == layout.heading
        assert _text(section.find("h:h2", NS)) == layout.title
        note = section.find("h:p[@class='scale-note']", NS)
        assert (None if note is None else note.text) == layout.scale_note
        periods = section.findall(".//h:tr[@class='periods']/h:th[@class='period']", NS)
        assert ["\n".join(th.itertext()) for th in periods] == list(layout.column_headings)
        column_heading = section.find(".//h:th[@class='column-heading']", NS)
        assert (None if column_heading is None else column_heading.text) == layout.column_heading
        rows = section.findall(".//h:tbody/h:tr", NS)
        assert len(rows) == len(layout.lines)
        for line, row in zip(layout.lines, rows, strict=True):
            cells = row.findall("h:td", NS)
            assert _text(cells[0]) == line.label
            printed = ["".join(_text(td) for td in cells[i:i + 2]) for i in range(1, len(cells), 2)]
            assert [_squeeze(p) for p in printed] == [_squeeze(c.text) for c in line.cells], line.id
            assert ("total" in row.get("class").split()) == line.is_total, line.id


def test_key_numbers_of_the_release_are_shown(tree: etree._Element) -> None:
    body = _squeeze(_text(tree.find(".//h:div[@class='document']", NS)))
    for printed in ("Services$3,103$3,050", "Netloss$(818)$(982)",
                    "Totalliabilitiesandstockholders'equity$7,229$8,598", "Grossmargin%61.5%53.0%",
                    "AdjustedEBITDAloss($367)($604)($475)($873)($523)"):
        assert printed in body


def test_header_is_hidden_and_references_the_extension_schema(report: Report, tree: etree._Element) -> None:
    headers = tree.findall(".//ix:header", NS)
    assert len(headers) == 1
    holder = headers[0].getparent()
    assert etree.QName(holder).localname == "div" and holder.get("style") == "display:none"
    refs = tree.findall(".//ix:references/link:schemaRef", NS)
    assert [r.get(f"{{{NS['xlink']}}}href") for r in refs] == [report.extension.schema_file]
    hidden = tree.find(".//ix:hidden", NS)
    assert hidden is not None and hidden.getparent() is headers[0]
    # The cover facts are the ones no table shows; every number is in the body.
    assert sorted(e.get("id") for e in hidden) == sorted(f.id for f in report.facts if f.id.startswith("f-cover-"))
    assert tree.find(f".//ix:hidden/{{{IX}}}nonFraction", NS) is None
    assert hidden.find("ix:nonNumeric[@id='f-cover-DocumentType']", NS).text == "8-K"


def test_contexts_and_units_are_deduplicated_with_readable_ids(report: Report, tree: etree._Element) -> None:
    contexts = tree.findall(".//ix:resources/xbrli:context", NS)
    units = tree.findall(".//ix:resources/xbrli:unit", NS)
    assert len(contexts) == len({f.context for f in report.facts}) == 32
    assert len(units) == len({f.unit for f in report.facts if f.unit is not None}) == 4
    used = {e.get("contextRef") for e in tree.iter(*FACT_ELEMENTS)}
    assert used == {c.get("id") for c in contexts}
    assert {e.get("unitRef") for e in tree.iter(f"{{{IX}}}nonFraction")} == {u.get("id") for u in units}
    assert [u.get("id") for u in units] == ["u-USD", "u-USD-per-shares", "u-shares", "u-pure"]  # first use
    by_id = {c.get("id"): c for c in contexts}
    van = by_id["c-d20030801-20031031-CoreVanServicesMember-IccNetMember"]
    members = van.findall("xbrli:entity/xbrli:segment/xbrldi:explicitMember", NS)
    assert [(m.get("dimension"), m.text) for m in members] == [
        ("srt:ProductOrServiceAxis", "icc:CoreVanServicesMember"),
        ("us-gaap:StatementBusinessSegmentsAxis", "icc:IccNetMember")]
    balance = by_id["c-i20031031"]
    assert balance.find("xbrli:period/xbrli:instant", NS).text == "2003-10-31"
    per_share = units[1].find("xbrli:divide", NS)
    assert [m.text for m in per_share.iter(f"{{{XBRLI}}}measure")] == ["iso4217:USD", "xbrli:shares"]


def test_dimensions_go_to_the_scenario_when_the_report_says_so(report: Report) -> None:
    root = _parse(dataclasses.replace(report, dimension_container="scenario"))
    assert root.find(".//xbrli:segment", NS) is None
    scenarios = root.findall(".//xbrli:context/xbrli:scenario", NS)
    assert len(scenarios) == len({f.context for f in report.facts if f.context.dimensions})


def test_a_fact_no_table_shows_goes_to_hidden(report: Report) -> None:
    # Drop the balance sheet from the layout: its facts must still be in the document, hidden.
    tables = tuple(t for t in report.tables if t.id != "balance_sheet")
    root = _parse(dataclasses.replace(report, tables=tables))
    tags = _tags(root)
    assert sorted(tags) == sorted(f.id for f in report.facts)
    deficit = tags["f-balance_sheet-accumulated_deficit-AsOf20031031"]
    assert etree.QName(deficit.getparent()).localname == "hidden"
    assert (deficit.text, deficit.get("sign"), deficit.get("format")) == ("82631000", "-", None)
    assert _value(deficit) == Decimal(-82631000)


def test_text_is_escaped(report: Report) -> None:
    title = "R&D <script>alert(1)</script> \"quoted\""
    tables = (dataclasses.replace(report.tables[0], title="A < B & C"), *report.tables[1:])
    root = _parse(dataclasses.replace(report, title=title, tables=tables))
    assert root.find(".//h:h1", NS).text == title
    assert root.find(".//h:h2", NS).text == "A < B & C"
    assert root.find(".//h:script", NS) is None


def test_a_shown_number_that_is_not_the_fact_value_is_refused(report: Report) -> None:
    facts = tuple(dataclasses.replace(f, value=Decimal(3104000)) if f.id == "f-operations-services-Q1FY2004" else f
                  for f in report.facts)
    with pytest.raises(ValueError, match="f-operations-services-Q1FY2004"):
        inline_xbrl(dataclasses.replace(report, facts=facts))


def test_a_fact_shown_twice_is_refused(report: Report) -> None:
    table = report.tables[0]
    line = table.lines[0]
    doubled = dataclasses.replace(line, cells=(line.cells[0], LayoutCell(line.cells[0].text, line.cells[0].fact_id),
                                               *line.cells[2:]))
    table = dataclasses.replace(table, lines=(doubled, *table.lines[1:]))
    with pytest.raises(ValueError, match="twice"):
        inline_xbrl(dataclasses.replace(report, tables=(table, *report.tables[1:])))


def test_html_parsers_see_the_same_tree(htm_path: Path) -> None:
    # A browser reads a .htm as HTML, where <td/> or <span/> would open an element that never closes.
    void = {"br", "meta", "hr", "img", "col", "link", "input", "area", "base", "embed", "source", "track", "wbr"}
    for name in re.findall(rb"<([A-Za-z][\w:.-]*)\b[^<>]*/>", htm_path.read_bytes()):
        assert name.decode() in void, name
    style = etree.parse(str(htm_path)).find(".//h:style", NS).text
    assert not set(style) & set("<>&")


def test_uses_transformation_registry_4(tree: etree._Element) -> None:
    assert tree.nsmap["ixt"] == IXT == "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
    assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"


# --- Arelle -------------------------------------------------------------------------------------

def _arelle_facts(model: Any) -> dict[str, tuple]:
    """Each fact Arelle loaded, by id: concept, period, dimensions, unit, value, decimals."""
    facts: dict[str, tuple] = {}
    for fact in model.facts:
        context = fact.context
        period = ((context.instantDatetime,) if context.isInstantPeriod
                  else (context.startDatetime, context.endDatetime))
        dimensions = tuple(sorted((axis.clarkNotation, value.memberQname.clarkNotation)
                                  for axis, value in context.qnameDims.items()))
        unit = None if fact.unit is None else tuple(
            tuple(sorted(measure.clarkNotation for measure in measures)) for measures in fact.unit.measures)
        value = fact.xValue if fact.isNumeric else fact.value
        assert fact.id not in facts, f"two facts with id {fact.id}"
        facts[fact.id] = (fact.qname.clarkNotation, period, dimensions, unit, value, fact.decimals, fact.isNil)
    return facts


@pytest.fixture(scope="session")
def loaded(built_example, htm_path: Path, packages: list[str]) -> dict[str, dict[str, tuple]]:
    """The .htm and the .json as Arelle loads them (without validation: that is a test of its own)."""
    result = {}
    for path in (htm_path, built_example.json_path):
        facts, messages = arelle.run(str(path), packages, _arelle_facts)
        assert not [m for m in messages if m.is_error], path
        assert facts is not None
        result[path.suffix] = facts
    return result


def test_arelle_validates_the_inline_document(htm_path: Path, report: Report, packages: list[str]) -> None:
    from exporter.validation import validate_report

    validation = validate_report(htm_path, packages)
    assert validation.errors == ()
    assert validation.warnings == ()
    assert validation.fact_count == len(report.facts) == 211


def test_inline_and_json_carry_the_same_facts(loaded: dict[str, dict[str, tuple]], report: Report) -> None:
    inline, json_facts = loaded[".htm"], loaded[".json"]
    assert len(inline) == len(json_facts) == len(report.facts)
    assert set(inline) == set(json_facts)
    different = {fact_id: (inline[fact_id], json_facts[fact_id])
                 for fact_id in inline if inline[fact_id] != json_facts[fact_id]}
    assert different == {}
    # And what was compared is real: numbers as decimals, with their precision.
    assert inline["f-operations-net_loss-Q1FY2004"][4:6] == (Decimal(-818000), "-3")
    assert inline["f-gross_margin_van-gross_margin_percent-Q1FY2004"][4:6] == (Decimal("0.615"), "3")


def test_inline_facts_match_the_numbers_read_off_the_release(loaded: dict[str, dict[str, tuple]]) -> None:
    """Independent of the pipeline: every number of the seed, read by hand, is a fact of the .htm."""
    prefixes = {"us-gaap": "http://fasb.org/us-gaap/2024", "srt": "http://fasb.org/srt/2024",
                "icc": "http://www.icc.net/20031031"}
    units = {"USD": (("{http://www.xbrl.org/2003/iso4217}USD",), ()),
             "shares": (("{http://www.xbrl.org/2003/instance}shares",), ()),
             "USD/shares": (("{http://www.xbrl.org/2003/iso4217}USD",), ("{http://www.xbrl.org/2003/instance}shares",)),
             "pure": (("{http://www.xbrl.org/2003/instance}pure",), ())}

    def clark(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{prefixes[prefix]}}}{local}"

    def day_after(date: str) -> dt.datetime:
        # XBRL's end of a day is the start of the next, as Arelle's periods are.
        return dt.datetime.fromisoformat(date) + dt.timedelta(days=1)

    inline = {(c, p, d, u, v) for c, p, d, u, v, *_ in loaded[".htm"].values()}
    with (DATA / "icc_seed_numbers.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Printed cells that conflict with the primary statement are shown but not tagged (resolutions.yaml).
    tagged = [row for row in rows if row["value"] != "excluded"]
    assert (len(rows), len(tagged)) == (210, 203)
    for row in tagged:
        period = ((day_after(row["period_end_or_instant"]),) if not row["period_start"]
                  else (dt.datetime.fromisoformat(row["period_start"]), day_after(row["period_end_or_instant"])))
        dims = tuple(sorted((clark(a), clark(m)) for a, m in
                            (pair.split("=") for pair in row["dimensions"].split(";") if pair)))
        key = (clark(row["concept"]), period, dims, units[row["unit"]], Decimal(row["value"]))
        assert key in inline, row


# --- written as lxml writes it -----------------------------------------------------------------

def test_the_document_is_what_lxml_writes_for_it_whatever_the_text(report: Report) -> None:
    """The emitter writes its text directly, without a tree; that text must be exactly what lxml
    writes for the document (as it did when each document was parsed and written out again),
    whatever characters the labels, titles and values hold."""
    nasty = "A & B <c> \"d\" 'e' \r\n f\tg é — ]]> &amp;"
    tables = tuple(dataclasses.replace(
        table, title=table.title + nasty, heading=nasty, column_heading=nasty,
        lines=tuple(dataclasses.replace(line, label=line.label + nasty) for line in table.lines))
        for table in report.tables)
    facts = tuple(dataclasses.replace(fact, value=fact.value + nasty) if isinstance(fact.value, str) else fact
                  for fact in report.facts)
    written = inline_xbrl(dataclasses.replace(report, title=nasty, entity_name=nasty, tables=tables, facts=facts))
    root = etree.fromstring(written)
    for element in root.iter():  # an end tag for every empty element but the void ones of HTML
        if element.text is None and not len(element) and element.tag not in (f"{{{XHTML}}}br", f"{{{XHTML}}}meta"):
            element.text = ""
    assert written == etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    assert "A &amp; B &lt;c&gt; \"d\" 'e' \n f\tg é — ]]&gt; &amp;amp;" in written.decode()
