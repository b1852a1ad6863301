"""Import a legacy EDGAR text exhibit (a press release, a 10-Q of the 1990s/2000s) into the report
source format: every table found, its periods read from the column headings, each line given a
suggested concept, and whatever is uncertain marked for review.

``import_text`` works in memory and never raises on odd layouts: what it cannot read is returned as
issues with the exhibit's line numbers. ``exporter.importers.writer`` writes the result as files.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from exporter.errors import ExporterError
from exporter.importers.exhibit import Exhibit, Region, read_exhibit
from exporter.importers.model import (
    AXIS_DOMAINS,
    SEGMENT_AXIS,
    CoverSpec,
    ExtensionConceptSpec,
    ImportedColumn,
    ImportedRow,
    ImportedTable,
    ImportResult,
    MemberSpec,
    ResolutionSpec,
)
from exporter.importers.periods import PeriodSpec, duration_ending, find_fiscal_year_end, resolve_heading
from exporter.importers.rows import TableContext, interpret_rows, member_name, pascal_words, read_number, snake_id
from exporter.importers.suggest import Suggester
from exporter.importers.tables import Issue, PrintedRow, TableLayout, read_table

_ENTITY = re.compile(
    r"\b((?:[A-Z][\w&.,'-]*\s+){0,6}?(?:[A-Z][\w&.'-]*\s+)?(?:Corporation|Corp\.|Incorporated|Inc\.|Company|Co\.|"
    r"Limited|Ltd\.|LLC|L\.P\.|plc|Holdings|Group))(?:,?\s*(?:Inc\.|Ltd\.))?\s*\(")
_SHORT_NAME = re.compile(r"\(\s*[\"\u201c]([A-Za-z][A-Za-z0-9.&-]{1,15})[\"\u201d]")
_TICKER = re.compile(r"\((?:Nasdaq\w*|NASDAQ\w*|NYSE\w*|AMEX|OTC\w*|Nasdaq\s+\w+)\s*:\s*([A-Z][A-Z.]{0,5})\)")
_WEBSITE = re.compile(r"\bwww\.((?:[a-z0-9-]+\.)+[a-z]{2,})\b", re.IGNORECASE)
_STATEMENT_TITLES = (
    (re.compile(r"balance\s+sheets?|financial\s+(position|condition)", re.I), "balance", "balance_sheet"),
    (re.compile(r"cash\s+flows?", re.I), "cashflow", "cash_flows"),
    (re.compile(r"(stockholders|shareholders)['\u2019]?\s+equity|changes\s+in\s+equity", re.I), "equity",
     "stockholders_equity"),
    (re.compile(r"statements?\s+of\s+(operations|income|earnings|loss)|income\s+statements?", re.I), "operations",
     "operations"),
    (re.compile(r"comprehensive\s+(income|loss)", re.I), "comprehensive", "comprehensive_income"),
)
_LABEL_NOISE = {"less", "plus", "and", "of", "the", "for", "total", "net"}
_QUALIFIER_STOPWORDS = {"only", "segment", "segments", "total", "the", "and", "of", "results"}


@dataclass(frozen=True, slots=True)
class _Document:
    title: str
    entity: str | None
    short_name: str | None
    ticker: str | None
    website: str | None


def exhibit_text(path: Path) -> str:
    """The text of an exhibit file: UTF-8, or else Latin-1 (EDGAR text of that era is ASCII or
    Latin-1, and every byte is a Latin-1 character). Raises ``ExporterError`` if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExporterError(f"{path}: cannot read the exhibit: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def import_text(text: str, suggester: Suggester, fiscal_year_end: str | None = None,
                exhibit_name: str = "exhibit.txt") -> ImportResult:
    """Read a text exhibit into a report source (in memory), with suggested concepts.

    ``fiscal_year_end`` (``--MM-DD``) overrides what the narrative says; fiscal column headings
    ("First Quarter Fiscal 2004") need one or the other.
    """
    exhibit = read_exhibit(text)
    issues: list[Issue] = [Issue(line.number, "looks like a row of a table, but no table around it could be read; "
                                              f"not imported: {' '.join(line.text.split())!r}")
                           for line in exhibit.stray]
    notes: list[str] = []
    if fiscal_year_end:
        fye_source: str | None = "given"
    else:
        found = find_fiscal_year_end(text)
        fiscal_year_end, fye_source = (found[0], found[1]) if found else (None, None)
    document = _document(text, exhibit)
    prefix = _prefix(document)

    pairs = _merge_continued([(region, read_table(region)) for region in exhibit.regions])
    for _, layout in pairs:
        issues.extend(layout.issues)
    # Build, find cells that would tag one fact with different numbers, steer those rows away from
    # the clashing concept, and build again (a few rounds settle it).
    avoid: dict[tuple[int, str], frozenset[str]] = {}
    prefer: dict[tuple[int, str], str] = {}
    for _ in range(8):
        built = _build_tables(pairs, fiscal_year_end, prefix, suggester, avoid, prefer)
        kinds = {f"{prefix}:{c.name}": c.type for c in built.concepts.values()}
        kinds.update({name: entry.kind for name, entry in suggester.entries.items()})
        moves = _move_resolutions(built.moves)
        excluded, clashes = _conflicts(built.tables, kinds, moves)
        if clashes:
            for key, concepts in clashes.items():
                avoid[key] = avoid.get(key, frozenset()) | concepts
            continue
        # Parallel reconciliations (consolidated and a segment's) should sum the same concepts.
        parallel = {key: concept for key, concept in _parallel_parts(built.tables).items()
                    if prefer.get(key) != concept and concept not in avoid.get(key, frozenset())}
        if not parallel:
            break
        prefer.update(parallel)
    issues.extend(built.issues)
    if clashes:
        # Still clashing after every round: exclude the later cells, for review, so the source builds.
        excluded, _ = _conflicts(built.tables, kinds, moves, last_resort=True)
    # One resolution per printed cell (the reader refuses a second); the first one stands.
    resolutions: list[ResolutionSpec] = []
    for resolution in moves + excluded:
        if all((r.table, r.row, r.column) != (resolution.table, resolution.row, resolution.column)
               for r in resolutions):
            resolutions.append(resolution)
    tables = _check_totals(built.tables, kinds, resolutions)
    tables = _mark_conflicts(tables, resolutions)
    members = built.members
    concepts = built.concepts
    periods = _periods(tables)
    if not periods:
        issues.append(Issue(1, "no table with readable periods was found: nothing to import"))
    end = max((p.end for p in periods), default=dt.date(1970, 1, 1))  # no periods: nothing is written
    name = f"{prefix}-{end:%Y%m%d}"
    main_period = _main_period(periods, end)
    if main_period is None and periods:
        main_period = PeriodSpec(end, _quarter_start(end))
        periods = (*periods, main_period)
        notes.append(f"the cover facts need a duration period; {main_period.id} (the quarter ending {end}) was "
                     "assumed")
    cover = _cover(document, main_period, fiscal_year_end, end) if main_period else ()
    namespace = f"http://{document.website or prefix + '.example.com'}/{end:%Y%m%d}"
    if not document.website:
        notes.append(f"no website found in the exhibit: the namespace {namespace} is made up")
    if fiscal_year_end is None:
        notes.append("no fiscal year end found in the exhibit; give --fiscal-year-end if a table names fiscal periods")
    used_axes = {axis for t in tables for axis, _ in t.dimensions} | {
        axis for t in tables for r in t.rows for axis, _ in r.dimensions} | {m.axis for m in members.values()}
    return ImportResult(
        exhibit=exhibit_name,
        name=name,
        title=document.title,
        entity_name=document.entity or document.title,
        identifier="0000000000",
        identifier_placeholder="the CIK is not given in the exhibit",
        fiscal_year_end=fiscal_year_end,
        fiscal_year_end_source=fye_source,
        prefix=prefix,
        namespace=namespace,
        periods=periods,
        cover=cover,
        tables=tuple(tables),
        concepts=tuple(concepts.values()),
        members=tuple(members.values()),
        axes=tuple((axis, AXIS_DOMAINS[axis]) for axis in AXIS_DOMAINS if axis in used_axes),
        resolutions=tuple(resolutions),
        issues=tuple(sorted(issues, key=lambda i: i.line)),
        notes=tuple(notes) + (() if document.entity else ("the company's name was not found; the title is used",)),
    )


@dataclass(frozen=True, slots=True)
class _Built:
    tables: list[ImportedTable]
    members: dict[str, MemberSpec]
    concepts: dict[str, ExtensionConceptSpec]
    moves: list[tuple[str, tuple[str, str, str, str]]]
    issues: list[Issue]


def _build_tables(pairs: Sequence[tuple[Region, TableLayout]], fiscal_year_end: str | None, prefix: str,
                  suggester: Suggester, avoid: dict[tuple[int, str], frozenset[str]],
                  prefer: dict[tuple[int, str], str]) -> _Built:
    tables: list[ImportedTable] = []
    members: dict[str, MemberSpec] = {}
    concepts: dict[str, ExtensionConceptSpec] = {}
    moves: list[tuple[str, tuple[str, str, str, str]]] = []
    issues: list[Issue] = []
    taken_ids: set[str] = set()
    for index, (region, layout) in enumerate(pairs):
        table_avoid = {row: names for (i, row), names in avoid.items() if i == index}
        table_prefer = {row: name for (i, row), name in prefer.items() if i == index}
        built = _table(region, layout, fiscal_year_end, prefix, suggester, taken_ids, issues, table_avoid,
                       table_prefer)
        if built is None:
            continue
        table, result = built
        table = replace(table, source_index=index)
        new_members = list(result.members)
        if table.dimensions and table.dimensions[0][0] == SEGMENT_AXIS:
            name = table.dimensions[0][1].partition(":")[2]
            new_members.append(MemberSpec(name, f"{table.title} [Member]", SEGMENT_AXIS))
        for member in new_members:
            table = _add_member(table, member, members, prefix)
        for spec in result.concepts:
            table = _add_concept(table, spec, concepts, prefix)
        moves.extend((table.id, move) for move in result.moves)
        tables.append(table)
    tables = [_qualified(t, members, prefix) for t in tables]
    return _Built(tables, members, concepts, moves, issues)


def _document(text: str, exhibit: Exhibit) -> _Document:
    title = next((" ".join(line.text.split()) for line in exhibit.lines
                  if not line.blank and not line.text.strip().lower().startswith(("exhibit", "<"))
                  and line.number not in exhibit.skipped), "Imported exhibit")
    flat = " ".join(text.split())
    entity_name = short = None
    # Paragraph by paragraph: a name does not run over a blank line (from a headline into the text).
    for paragraph in re.split(r"\n\s*\n", text):
        joined = " ".join(paragraph.split())
        entity = _ENTITY.search(joined)
        if entity:
            entity_name = " ".join(entity.group(1).split())
            short_match = _SHORT_NAME.match(joined, entity.end() - 1)
            short = short_match.group(1) if short_match else None
            break
    ticker = _TICKER.search(flat)
    website = _WEBSITE.search(flat)
    return _Document(title, entity_name, short, ticker.group(1) if ticker else None,
                     f"www.{website.group(1).lower()}" if website else None)


def _prefix(document: _Document) -> str:
    """The extension prefix: the company's short name ("ICC"), else its ticker, else its initials."""
    for candidate in (document.short_name, document.ticker):
        if candidate:
            text = re.sub(r"[^a-z0-9]", "", candidate.lower())
            if text and text[0].isalpha():
                return text
    if document.entity:
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", document.entity)).lower()
        if initials:
            return initials
    return "ex"


def _merge_continued(pairs: Sequence[tuple[Region, TableLayout]]) -> list[tuple[Region, TableLayout]]:
    """Join a table continued after a page break: same column headings (or none), no new title."""
    result: list[tuple[Region, TableLayout]] = []
    for region, layout in pairs:
        if result and region.page_break_before and layout.columns:
            previous_region, previous = result[-1]
            same_head = layout.header_signature() == previous.header_signature() or not layout.header_lines
            titled = [g for g in layout.title_groups if not any("continued" in line.lower() for line in g)]
            if same_head and len(layout.columns) == len(previous.columns) and (not titled or list(
                    layout.title_groups) == list(previous.title_groups)):
                merged = replace(previous, last=layout.last, rows=previous.rows + layout.rows,
                                 footnotes=previous.footnotes + layout.footnotes,
                                 issues=previous.issues + layout.issues)
                result[-1] = (replace(previous_region, last=region.last), merged)
                continue
        result.append((region, layout))
    return result


def _title(region: Region, layout: TableLayout) -> tuple[str | None, str | None]:
    groups = [list(g) for g in layout.title_groups]
    if not groups:
        return None, None
    # A company name in capitals printed right above the title belongs to the heading.
    while len(groups[-1]) > 1 and groups[-1][0].isupper() and not groups[-1][1].isupper():
        groups.insert(-1, [groups[-1].pop(0)])
    lines = groups[-1]
    title = lines[0]
    for line in lines[1:]:
        if title.endswith("-") and line.startswith("-"):
            line = line[1:]
        title = f"{title} {line}"
    heading = "\n".join(line for group in groups[:-1] for line in group) or None
    return " ".join(title.split()), heading


def _table_kind(title: str) -> tuple[str, str | None]:
    if re.search(r"\breconciliation\b", title, re.IGNORECASE):
        return "other", None
    for pattern, kind, table_id in _STATEMENT_TITLES:
        if pattern.search(title):
            return kind, table_id
    return "other", None


def _scale(notes: Sequence[str]) -> int | None:
    for note in notes:
        lower = note.lower()
        if "billion" in lower:
            return 9
        if "million" in lower:
            return 6
        if "thousand" in lower or "000" in lower:
            return 3
    return None


def _table(region: Region, layout: TableLayout, fiscal_year_end: str | None, prefix: str, suggester: Suggester,
           taken_ids: set[str], issues: list[Issue], avoid: dict[str, frozenset[str]], prefer: dict[str, str]):
    if not layout.columns or not layout.rows:
        return None
    title, heading = _title(region, layout)
    review: list[str] = []
    segment = None
    if title is None:
        # The narrative's headings name a table only when no other table stands between them.
        section = region.section.text if region.section else None
        subsection = region.subsection.text.rstrip(":").strip() if region.subsection else None
        if subsection and region.subsection and region.subsection.line < region.previous_table:
            subsection = None
        if section and region.section and region.section.line < region.previous_table and not subsection:
            section = None
        if subsection and section and re.search(r"\bsegments?\b", section, re.IGNORECASE):
            segment = subsection
        title = subsection or section
        heading = section if subsection else None
        if title is None:
            title = f"Table at line {layout.first}"
            review.append("no title was found above the table")
    kind, kind_id = _table_kind(title)
    if kind == "other" and all(resolve_heading(c.spanning + c.headings, fiscal_year_end).period is not None
                               and resolve_heading(c.spanning + c.headings, fiscal_year_end).period.is_instant
                               for c in layout.columns):
        kind = "balance"
    scale = _scale(layout.unit_notes)
    if scale is None:
        scale = 0
        review.append("no unit note (\"in thousands\", \"(000's)\") was found: amounts are read as printed")

    columns: list[ImportedColumn] = []
    keep: list[int] = []
    taken_columns: set[str] = set()
    for index, column in enumerate(layout.columns):
        resolved = resolve_heading(column.spanning + column.headings, fiscal_year_end, instant_table=kind == "balance")
        if resolved.period is None:
            lines = [n for row in layout.rows if row.cells[index] for n in row.lines[-1:]]
            heading = " / ".join(column.spanning + column.headings) or "(nothing)"
            issues.extend(Issue(number, f"the column headed {heading} is not imported: {resolved.problem}")
                          for number in layout.header_lines)
            for number in lines or [layout.first]:
                cell = next((r.cells[index] for r in layout.rows if number in r.lines and r.cells[index]), "")
                issues.append(Issue(number, f"not imported: {cell!r} in the column headed "
                                            f"{' / '.join(column.spanning + column.headings) or '(nothing)'}: "
                                            f"{resolved.problem}"))
            continue
        column_id = resolved.period.id
        suffix = 2
        while column_id in taken_columns:
            column_id = f"{resolved.period.id}_{suffix}"
            suffix += 1
        taken_columns.add(column_id)
        columns.append(ImportedColumn(column_id, "\n".join(column.headings), resolved.period))
        keep.append(index)
    if not columns:
        issues.append(Issue(layout.first, f"table {title!r}: no column heading could be read as a period; "
                                          "the table is not imported"))
        return None
    # A line's concept is an instant or a duration: columns of the other kind cannot share its rows.
    instants = [c.period.is_instant for c in columns]
    if any(instants) and not all(instants):
        majority = sum(instants) * 2 > len(instants)
        for column, index in zip(columns, keep, strict=True):
            if column.period.is_instant != majority:
                issues.extend(Issue(row.lines[-1], f"not imported: {row.cells[index]!r} in the column headed "
                                                   f"{column.heading.replace(chr(10), ' ')!r}: "
                                                   f"{'an instant' if column.period.is_instant else 'a period'} "
                                                   f"in a table of {'instants' if majority else 'periods'}")
                              for row in layout.rows if row.cells[index])
        kept = [(c, i) for c, i in zip(columns, keep, strict=True) if c.period.is_instant == majority]
        columns, keep = [c for c, _ in kept], [i for _, i in kept]
    spanning = {layout.columns[i].spanning for i in keep}
    column_heading = " ".join(spanning.pop()) if len(spanning) == 1 and layout.columns[keep[0]].spanning else None
    if column_heading is None and len(spanning) > 1:
        columns = [replace(c, heading="\n".join(layout.columns[i].spanning + layout.columns[i].headings))
                   for c, i in zip(columns, keep, strict=True)]
    printed = [PrintedRow(r.lines, r.indent, r.label, tuple(r.cells[i] for i in keep), r.rule_before)
               for r in layout.rows]
    if segment:
        base_id = f"segment_{snake_id(segment, 'segment', set())}"
    elif kind_id and kind in ("balance", "operations", "cashflow", "equity", "comprehensive"):
        base_id = kind_id
    else:
        base_id = snake_id(_short_title(title), "table", set())
    table_id = snake_id(base_id, "table", taken_ids)
    context = TableContext(table_id, kind, tuple((c.id, c.period) for c in columns), segment, prefix)
    result = interpret_rows(printed, context, suggester, avoid, prefer)
    dimensions: tuple[tuple[str, str], ...] = ()
    if segment:
        dimensions = ((SEGMENT_AXIS, f"{prefix}:{member_name(segment)}"),)
    table = ImportedTable(
        id=table_id,
        title=title,
        heading=heading,
        kind="statement" if kind in ("balance", "operations", "cashflow", "equity", "comprehensive") else "disclosure",
        table_kind=kind,
        scale_note=" ".join(dict.fromkeys(layout.unit_notes)) or None,
        scale=scale,
        dimensions=dimensions,
        column_heading=column_heading,
        columns=tuple(columns),
        rows=result.rows,
        first=layout.first,
        last=layout.last,
        footnotes=layout.footnotes,
        review=tuple(review),
    )
    return table, result


def _short_title(title: str) -> str:
    """The distinctive part of a title, for an id: "Reconciliation of Net Income to Adjusted EBITDA -
    Consolidated" → "adjusted EBITDA consolidated"."""
    text = re.sub(r"\(.*?\)", " ", title)
    text = re.sub(r"^.*?\bto\b", " ", text, flags=re.IGNORECASE) if re.match(r"\s*reconciliation", text, re.I) else text
    text = re.sub(r"\b(consolidated\s+)?statements?\s+of\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.replace(" - ", " ").split()) or title


def _add_member(table: ImportedTable, member: MemberSpec, members: dict[str, MemberSpec],
                prefix: str) -> ImportedTable:
    """Declare a member once; the same name on another axis gets the axis's word added."""
    existing = members.get(member.name)
    if existing is None or existing.axis == member.axis:
        members.setdefault(member.name, member)
        return table
    word = "Segment" if member.axis == SEGMENT_AXIS else "Product"
    renamed = replace(member, name=member.name.removesuffix("Member") + f"{word}Member")
    members.setdefault(renamed.name, renamed)
    old, new = f"{prefix}:{member.name}", f"{prefix}:{renamed.name}"

    def swap(dimensions: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple((axis, new if value == old and axis == member.axis else value) for axis, value in dimensions)

    return replace(table, dimensions=swap(table.dimensions),
                   rows=tuple(replace(r, dimensions=swap(r.dimensions)) for r in table.rows))


def _add_concept(table: ImportedTable, spec: ExtensionConceptSpec, concepts: dict[str, ExtensionConceptSpec],
                 prefix: str) -> ImportedTable:
    """Declare an extension concept once; a clash of types gets a new name in this table."""
    existing = concepts.get(spec.name)
    if existing is None:
        concepts[spec.name] = spec
        return table
    if (existing.type, existing.period_type) == (spec.type, spec.period_type):
        return table
    renamed = replace(spec, name=f"{spec.name}{pascal_words(table.id)}")
    concepts[renamed.name] = renamed
    old, new = f"{prefix}:{spec.name}", f"{prefix}:{renamed.name}"
    rows = tuple(replace(r, concept=new) if r.concept == old else r for r in table.rows)
    return replace(table, rows=rows)


def _qualified(table: ImportedTable, members: dict[str, MemberSpec], prefix: str) -> ImportedTable:
    """Dimensions from a title's qualifier: "... - ICC.NET, VAN Services Only" names segment members."""
    if table.dimensions or " - " not in table.title:
        return table
    qualifier = table.title.rsplit(" - ", 1)[1]
    parts = [p.strip() for p in re.split(r",|\band\b", qualifier) if p.strip()]
    dimensions: dict[str, str] = {}
    unknown: list[str] = []
    for part in parts:
        part_words = _key_words(part)
        if not part_words or part_words <= {"consolidated"}:
            continue
        matches = [m for m in members.values() if _key_words(m.label.replace("[Member]", "")) >= part_words
                   or _key_words(m.label.replace("[Member]", "")) == part_words]
        if len({m.axis for m in matches}) == len(matches) and matches:
            for member in matches:
                dimensions.setdefault(member.axis, f"{prefix}:{member.name}")
        else:
            unknown.append(part)
    review = table.review
    if unknown:
        review += (f"the title names {', '.join(map(repr, unknown))}, which matches no segment or product member; "
                   "no dimension is set for it",)
    if dimensions:
        review += ("dimensions from the title: " + ", ".join(f"{a}: {m}" for a, m in sorted(dimensions.items())),)
    return replace(table, dimensions=tuple(sorted(dimensions.items())), review=review)


def _key_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace(".", "")) if w not in _QUALIFIER_STOPWORDS}


def _periods(tables: Sequence[ImportedTable]) -> tuple[PeriodSpec, ...]:
    seen: dict[str, PeriodSpec] = {}
    for table in tables:
        for column in table.columns:
            seen.setdefault(column.period.id, column.period)
    return tuple(seen.values())


def _main_period(periods: Sequence[PeriodSpec], end: dt.date) -> PeriodSpec | None:
    durations = [p for p in periods if not p.is_instant and p.end == end]
    return min(durations, key=lambda p: p.end - p.start) if durations else None  # type: ignore[operator]


def _quarter_start(end: dt.date) -> dt.date:
    return duration_ending(end, months=3)


def _cover(document: _Document, period: PeriodSpec, fiscal_year_end: str | None,
           end: dt.date) -> tuple[CoverSpec, ...]:
    cover = [
        CoverSpec("dei:DocumentType", "8-K", period.id, "the exhibit does not name the form it is furnished with"),
        CoverSpec("dei:DocumentPeriodEndDate", end.isoformat(), period.id),
    ]
    if period.fiscal:
        year, _, part = period.fiscal.partition(" ")
        cover.append(CoverSpec("dei:DocumentFiscalYearFocus", year[2:], period.id))
        cover.append(CoverSpec("dei:DocumentFiscalPeriodFocus", part or "FY", period.id))
    if fiscal_year_end:
        cover.append(CoverSpec("dei:CurrentFiscalYearEndDate", fiscal_year_end, period.id))
    if document.entity:
        cover.append(CoverSpec("dei:EntityRegistrantName", document.entity, period.id))
    if document.ticker:
        cover.append(CoverSpec("dei:TradingSymbol", document.ticker, period.id))
    cover.append(CoverSpec("dei:EntityCentralIndexKey", "0000000000", period.id,
                           "the CIK is not given in the exhibit"))
    return tuple(cover)


def _parallel_parts(tables: Sequence[ImportedTable]) -> dict[tuple[int, str], str]:
    """One concept for the same line of two tables that add up to the same total concept.

    A segment's reconciliation and the consolidated one ("Less: Net interest" and "Less: Net interest
    and investment income") are the same calculation in other contexts; with different concepts for
    a line, neither calculation holds in the other's context. Lines are paired by their words; the
    concept is the one both rank best (by the sum of their scores).
    """
    result: dict[tuple[int, str], str] = {}
    totals: dict[str, list[tuple[ImportedTable, list[ImportedRow]]]] = defaultdict(list)
    for table in tables:
        for row in table.rows:
            if row.total and row.concept:
                parts = [table.row(item.lstrip("+-")) for item in row.total]
                totals[row.concept].append((table, [p for p in parts if p is not None and p.concept]))
    for groups in totals.values():
        for (first, first_parts), (second, second_parts) in itertools.combinations(groups, 2):
            for a in first_parts:
                b = max(second_parts, key=lambda r: _similarity(a.label, r.label), default=None)
                if b is None or a.concept == b.concept or _similarity(a.label, b.label) < 0.5:
                    continue
                scores_a = {s.concept: s.score for s in a.suggestions}
                scores_b = {s.concept: s.score for s in b.suggestions}
                common = [c for c in scores_a if c in scores_b]
                if common:
                    concept = max(common, key=lambda c: (scores_a[c] + scores_b[c], c))
                else:
                    # Nothing both rank: the concept of the line its own words support better.
                    concept = max((a.concept, b.concept),
                                  key=lambda c: max(scores_a.get(c, 0.0), scores_b.get(c, 0.0)))
                result[(first.source_index, a.id)] = concept
                result[(second.source_index, b.id)] = concept
    return result


def _similarity(first: str, second: str) -> float:
    """How alike two labels are: shared words over the shorter label's words."""
    a = {w for w in re.findall(r"[a-z]+", first.lower()) if w not in _LABEL_NOISE}
    b = {w for w in re.findall(r"[a-z]+", second.lower()) if w not in _LABEL_NOISE}
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _move_resolutions(moves: Sequence[tuple[str, tuple[str, str, str, str]]]) -> list[ResolutionSpec]:
    result = []
    for table_id, (row, source, target, reason) in moves:
        result.append(ResolutionSpec(table_id, row, source, "move", reason, target))
        result.append(ResolutionSpec(table_id, row, target, "exclude",
                                     f"review: the dash printed here is where the moved number belongs "
                                     f"(moved from {source}); tagging it as zero would contradict that"))
    return result


@dataclass(frozen=True, slots=True)
class _Cell:
    """A printed number as the fact the mapping will make of it."""

    table: ImportedTable
    row: ImportedRow
    column: str  # the column whose period it has
    value: Decimal
    decimals: int
    in_label: bool = False
    printed_column: str = ""  # where it is printed (another column when a resolution moves it)

    @property
    def low(self) -> Decimal:
        return self.value - Decimal(1).scaleb(-self.decimals) / 2

    @property
    def high(self) -> Decimal:
        return self.value + Decimal(1).scaleb(-self.decimals) / 2


FactKey = tuple[str, str, tuple[tuple[str, str], ...]]


def _facts(tables: Sequence[ImportedTable], kinds: dict[str, str],
           resolutions: Sequence[ResolutionSpec]) -> dict[FactKey, list[_Cell]]:
    """Every fact the source will make, by concept, period and dimensions, as the mapping makes them:
    sign applied, monetary amounts scaled by the table, percentages by 1/100, resolutions applied."""
    excluded = {(r.table, r.row, r.column) for r in resolutions if r.action == "exclude"}
    moved = {(r.table, r.row, r.column): r.to_column for r in resolutions if r.action == "move"}
    facts: dict[FactKey, list[_Cell]] = defaultdict(list)
    for table in tables:
        periods = {c.id: c.period.id for c in table.columns}
        for row in table.rows:
            if row.concept is None:
                continue
            dims = tuple(sorted({**dict(table.dimensions), **dict(row.dimensions)}.items()))
            for column, text in zip(periods, row.cells, strict=True):
                number = read_number(text)
                if number is None or (table.id, row.id, column) in excluded:
                    continue
                target = moved.get((table.id, row.id, column), column)
                value = Decimal(0) if number.nil else number.value * (-1 if row.sign == "negate" else 1)
                scale = -2 if number.percent else (table.scale if kinds.get(row.concept) == "monetary" else 0)
                facts[(row.concept, periods[target], dims)].append(
                    _Cell(table, row, target, value.scaleb(scale), number.fraction_digits - scale,
                          printed_column=column))
            for label_value in row.label_values:
                number = read_number(label_value.text)
                if number is None:
                    continue
                scale = table.scale if kinds.get(label_value.concept) == "monetary" else 0
                facts[(label_value.concept, periods[label_value.column], dims)].append(
                    _Cell(table, row, label_value.column, number.value.scaleb(scale), number.fraction_digits - scale,
                          in_label=True))
    return facts


def _consistent(cells: Sequence[_Cell]) -> bool:
    """As XBRL duplicates: equal when printed alike, and every copy's rounding interval overlapping."""
    by_decimals: dict[int, Decimal] = {}
    for cell in cells:
        if by_decimals.setdefault(cell.decimals, cell.value) != cell.value:
            return False
    return max(c.low for c in cells) <= min(c.high for c in cells)


def _conflicts(tables: Sequence[ImportedTable], kinds: dict[str, str], moves: Sequence[ResolutionSpec],
               last_resort: bool = False) -> tuple[list[ResolutionSpec], dict[tuple[int, str], frozenset[str]]]:
    """Cells that would tag one fact with numbers that do not agree.

    Where a statement prints the number and another table differs by one printed unit (the
    release's own rounding), the statement's number is tagged and the other cell excluded, as the
    source format's example does. Any other clash means a concept is wrong for one of the lines:
    the later line (not the statement's) is to choose another concept.
    """
    excluded: list[ResolutionSpec] = []
    clashes: dict[tuple[int, str], set[str]] = defaultdict(set)
    for (concept, _, _), cells in _facts(tables, kinds, moves).items():
        if len(cells) < 2 or _consistent(cells):
            continue
        statement = [c for c in cells if c.table.kind == "statement"]
        primary = statement if statement and _consistent(statement) else [cells[0]]
        tagged = primary[0]
        for cell in cells:
            if cell in primary or _consistent([*primary, cell]):
                continue
            one_unit = Decimal(1).scaleb(-min(cell.decimals, tagged.decimals))
            if statement and primary is statement and abs(cell.value - tagged.value) <= one_unit \
                    and not cell.in_label:
                excluded.append(ResolutionSpec(
                    cell.table.id, cell.row.id, cell.printed_column or cell.column, "exclude",
                    f"review: {cell.row.label!r} is printed {_printed(cell)} here, but the statement prints "
                    f"{_printed(tagged)} for the same fact ({concept}); the statement's number is tagged "
                    "(suggested by the import)"))
            elif last_resort and not cell.in_label:
                excluded.append(ResolutionSpec(
                    cell.table.id, cell.row.id, cell.printed_column or cell.column, "exclude",
                    f"review: {cell.row.label!r} is printed {_printed(cell)} here, but {_printed(tagged)} is tagged "
                    f"as the same fact ({concept}) elsewhere, and no other concept was found; check both lines"))
            else:
                key = f"{cell.row.id}#label" if cell.in_label else cell.row.id
                clashes[(cell.table.source_index, key)].add(concept)
    return excluded, {k: frozenset(v) for k, v in clashes.items()}


def _printed(cell: _Cell) -> str:
    if cell.in_label:
        return next((v.text for v in cell.row.label_values if v.column == cell.column), "")
    index = [c.id for c in cell.table.columns].index(cell.printed_column or cell.column)
    return cell.row.cells[index] or "--"


def _check_totals(tables: Sequence[ImportedTable], kinds: dict[str, str],
                  resolutions: Sequence[ResolutionSpec]) -> list[ImportedTable]:
    """Drop totals that would not add up in some context where their concept is reported.

    A calculation is checked wherever its total concept has a fact (Calculations 1.1), so a total
    that adds up in its own table may not elsewhere (the same concept summed from other lines);
    such a total is left out, with a note, rather than failing the build. Sums widen to the longest
    list of the same total elsewhere, as the extension taxonomy writes them.
    """
    facts = _facts(tables, kinds, resolutions)
    result = list(tables)
    while True:
        summations = [(t, r) for t in result for r in t.rows if r.calc and r.concept]
        failed: set[tuple[str, str]] = set()
        for table, row in summations:
            items = set(row.calc)
            widest = max((set(other.calc) for _, other in summations
                          if other.concept == row.concept and items <= set(other.calc)), key=len)
            for (concept, period, dims), totals in facts.items():
                if concept != row.concept or not _consistent(totals):
                    continue
                parts = [(facts.get((item, period, dims), []), weight) for item, weight in widest]
                if not any(cells for cells, _ in parts) or any(cells and not _consistent(cells) for cells, _ in parts):
                    continue
                low = sum((max(c.low for c in cells) if w > 0 else -min(c.high for c in cells)
                           for cells, w in parts if cells), Decimal(0))
                high = sum((min(c.high for c in cells) if w > 0 else -max(c.low for c in cells)
                            for cells, w in parts if cells), Decimal(0))
                if max(c.low for c in totals) > high or min(c.high for c in totals) < low:
                    failed.add((table.id, row.id))
        if not failed:
            return result
        result = [replace(t, rows=tuple(
            replace(r, total=(), calc=(), review=r.review + (
                "the rows above add up to this line as printed, but the sum does not hold for every fact of "
                f"{r.concept} in the report (another table reports it with other parts): no total is declared",))
            if (t.id, r.id) in failed else r for r in t.rows)) for t in result]


def _mark_conflicts(tables: Sequence[ImportedTable], resolutions: Sequence[ResolutionSpec]) -> list[ImportedTable]:
    by_row: dict[tuple[str, str], list[ResolutionSpec]] = defaultdict(list)
    for resolution in resolutions:
        by_row[(resolution.table, resolution.row)].append(resolution)
    result = []
    for table in tables:
        rows = []
        for row in table.rows:
            found = by_row.get((table.id, row.id))
            if found:
                row = replace(row, review=row.review + tuple(
                    f"see resolutions.yaml: {r.action} {r.column}" for r in found))
            rows.append(row)
        result.append(replace(table, rows=tuple(rows)))
    return result

