"""Read a report source folder: check every file against its JSON Schema, then cross-check them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from exporter.errors import Location, SourceError
from exporter.gcpause import without_gc
from exporter.source.cells import CellError, parse_cell
from exporter.source.model import (
    Cell,
    Column,
    CoverFact,
    ExtensionConcept,
    ExtensionMember,
    LabelValue,
    Line,
    PeriodDef,
    Placeholder,
    Resolution,
    RowMapping,
    Source,
    Table,
    TotalPart,
)
from exporter.source.yamlfile import NOT_XML, Pointer, check_text, load_yaml

# A source is edited by people; anything much larger is a mistake or hostile, and would only
# exhaust memory further down the pipeline.
MAX_FILE_BYTES = 20 * 1024 * 1024


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    text = resources.files("exporter.source.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _quick_validator(name: str) -> jsonschema.protocols.Validator:
    """The same schema with its references to ``$defs`` written out in place: it accepts exactly
    what ``_validator`` accepts, in half the time (following a reference is most of jsonschema's
    work), and is only asked whether a file is valid; the messages come from ``_validator``."""
    schema = _validator(name).schema
    definitions = schema.get("$defs", {})

    def inline(node: Any, following: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            target = node.get("$ref")
            if len(node) == 1 and isinstance(target, str) and target.startswith("#/$defs/"):
                key = target.removeprefix("#/$defs/")
                # A recursive definition stays a reference (the root keeps its $defs).
                if key in definitions and key not in following:
                    return inline(definitions[key], (*following, key))
                return node
            return {k: value if k == "$defs" else inline(value, following) for k, value in node.items()}
        if isinstance(node, list):
            return [inline(item, following) for item in node]
        return node

    quick = inline(schema, ())
    cls = jsonschema.validators.validator_for(quick)
    return cls(quick, format_checker=cls.FORMAT_CHECKER)


def schema_path(name: str) -> Path:
    """Path of a published JSON Schema of the source format (``report``, ``table``, ``resolutions``)."""
    return Path(str(resources.files("exporter.source.schemas").joinpath(f"{name}.schema.json")))


@without_gc
def read_source(root: Path | str) -> Source:
    """Read and check the report source in folder ``root``.

    Raises ``SourceError`` naming the file, line and field of the first problem found.
    """
    root = Path(root)
    if not root.is_dir():
        raise SourceError("not a folder", Location(str(root)),
                          hint="give the folder that holds report.yaml")
    report_file = root / "report.yaml"
    if not report_file.is_file():
        raise SourceError("report.yaml not found in the source folder", Location(str(root)),
                          hint="a report source folder holds report.yaml and tables/<id>.csv + .yaml")
    report, lines = _load_checked(report_file, _display(root, report_file), "report")
    display = _display(root, report_file)

    def loc(*pointer: str | int) -> Location:
        return Location(display, _line(lines, pointer), field=_field(pointer))

    placeholders: list[Placeholder] = []
    identifier = report["entity"]["identifier"]
    if "placeholder" in identifier:
        placeholders.append(Placeholder("entity identifier", identifier["value"], identifier["placeholder"],
                                        loc("entity", "identifier", "placeholder")))

    fiscal_year_end = report.get("fiscal_year_end")
    periods = tuple(
        _period(period_id, spec, fiscal_year_end, loc("periods", period_id))
        for period_id, spec in report["periods"].items()
    )
    period_ids = {p.id for p in periods}

    cover = []
    for index, item in enumerate(report.get("cover", [])):
        if item["period"] not in period_ids:
            raise _unknown("period", item["period"], period_ids, loc("cover", index, "period"))
        value = item["value"]
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        cover.append(CoverFact(item["concept"], text, item["period"], item.get("placeholder"),
                               loc("cover", index)))
        if "placeholder" in item:
            placeholders.append(Placeholder(item["concept"], text, item["placeholder"],
                                            loc("cover", index, "placeholder")))

    extension = report["extension"]
    concepts = tuple(
        ExtensionConcept(c["name"], c["label"], c["type"], c["period_type"], c.get("balance"),
                         c.get("documentation"), loc("extension", "concepts", i))
        for i, c in enumerate(extension.get("concepts", []))
    )
    for concept in concepts:
        if concept.balance and concept.type != "monetary":
            raise SourceError(f"balance {concept.balance!r} given for a {concept.type} concept",
                              concept.location, hint="only monetary concepts have a balance")
    members = tuple(
        ExtensionMember(m["name"], m["label"], m["axis"], m.get("parent"), loc("extension", "members", i))
        for i, m in enumerate(extension.get("members", []))
    )
    _no_duplicates([c.name for c in concepts] + [m.name for m in members], "extension element",
                   [c.location for c in concepts] + [m.location for m in members])
    axes = tuple((axis, spec["domain"]) for axis, spec in report.get("axes", {}).items())
    for member in members:
        if member.axis not in dict(axes):
            raise SourceError(f"member {member.name} is on axis {member.axis}, which is not listed under axes",
                              member.location, hint=f"add {member.axis}: {{domain: ...}} under axes")

    column_periods = {p.id: p for p in periods}
    tables = tuple(
        _read_table(root, table_id, column_periods, loc("tables", index))
        for index, table_id in enumerate(report["tables"])
    )
    resolutions = _read_resolutions(root, tables)
    document = report["document"]
    return Source(
        root=str(root),
        name=document["name"],
        title=document["title"],
        language=document.get("language", "en-US"),
        dimension_container=document.get("dimension_container", "segment"),
        entity_name=report["entity"]["name"],
        entity_scheme=identifier["scheme"],
        entity_identifier=identifier["value"],
        fiscal_year_end=fiscal_year_end,
        taxonomy=report["taxonomy"],
        currency=report["currency"],
        extension_prefix=extension["prefix"],
        extension_namespace=extension["namespace"],
        extension_concepts=concepts,
        extension_members=members,
        axes=axes,
        periods=periods,
        cover=tuple(cover),
        tables=tables,
        resolutions=resolutions,
        placeholders=tuple(placeholders),
    )


def _display(root: Path, path: Path) -> str:
    return f"{root.name}/{path.relative_to(root).as_posix()}"


def _load_checked(path: Path, display: str, schema: str) -> tuple[Any, dict[Pointer, int]]:
    _check_size(path, display)
    data, lines = load_yaml(path, display)
    if data is None:
        raise SourceError("the file is empty", Location(display, 1))
    if _quick_validator(schema).is_valid(data):
        return data, lines
    errors = sorted(_validator(schema).iter_errors(data),
                    key=lambda e: (_line(lines, tuple(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        error = errors[0]
        pointer = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # Point at the unknown key itself rather than at the mapping that holds it.
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            if extra:
                pointer = (*pointer, extra[0])
        raise SourceError(_schema_message(error), Location(display, _line(lines, pointer), field=_field(pointer)),
                          hint=f"see the {schema} schema: {schema_path(schema).name}")
    return data, lines


def _check_size(path: Path, display: str) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceError("file not found", Location(display)) from None
    if size > MAX_FILE_BYTES:
        raise SourceError(f"file is {size:,} bytes; a source file may have at most {MAX_FILE_BYTES:,}",
                          Location(display))


def _line(lines: dict[Pointer, int], pointer: Iterable[str | int]) -> int | None:
    pointer = tuple(pointer)
    while pointer not in lines and pointer:
        pointer = pointer[:-1]
    return lines.get(pointer)


def _field(pointer: Iterable[str | int]) -> str | None:
    text = ""
    for part in pointer:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _schema_message(error: jsonschema.ValidationError) -> str:
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field {missing!r}"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return f"unknown field {', '.join(map(repr, extra))}{hint}"
    if validator == "enum":
        return f"{error.instance!r} is not allowed; expected one of: {', '.join(map(str, error.validator_value))}"
    if validator == "const":
        return f"{error.instance!r} is not allowed; expected {error.validator_value!r}"
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"found {type(error.instance).__name__} {error.instance!r}; expected {expected}"
    if validator == "pattern":
        return f"{error.instance!r} is not in the expected form (pattern {error.validator_value})"
    if validator in ("oneOf", "anyOf"):
        return (f"{error.instance!r} matches none of the allowed forms; see the schema's "
                f"{error.schema_path[-1] if error.schema_path else validator}")
    if validator == "propertyNames":
        return f"{error.message}"
    return error.message


def _unknown(what: str, value: str, known: Iterable[str], location: Location) -> SourceError:
    known = sorted(known)
    return SourceError(f"unknown {what} {value!r}", location,
                       hint=f"defined: {', '.join(known)}" if known else None)


def _no_duplicates(names: list[str], what: str, locations: list[Location]) -> None:
    seen: set[str] = set()
    for name, location in zip(names, locations, strict=True):
        if name in seen:
            raise SourceError(f"duplicate {what} {name!r}", location)
        seen.add(name)


def _period(period_id: str, spec: dict[str, str], fiscal_year_end: str | None, location: Location) -> PeriodDef:
    try:
        if "instant" in spec:
            return PeriodDef(period_id, dt.date.fromisoformat(spec["instant"]), None, location)
        if "fiscal" in spec:
            if fiscal_year_end is None:
                raise SourceError(f"fiscal period {spec['fiscal']!r} needs fiscal_year_end in report.yaml",
                                  location, hint='e.g. fiscal_year_end: "--07-31"')
            start, end = fiscal_period(spec["fiscal"], fiscal_year_end)
            return PeriodDef(period_id, end, start, location)
        start, end = dt.date.fromisoformat(spec["start"]), dt.date.fromisoformat(spec["end"])
    except ValueError as exc:
        raise SourceError(f"invalid date: {exc}", location) from None
    if end < start:
        raise SourceError(f"period ends ({end}) before it starts ({start})", location)
    return PeriodDef(period_id, end, start, location)


def fiscal_period(name: str, fiscal_year_end: str) -> tuple[dt.date, dt.date]:
    """Dates (inclusive) of ``FY2004``, ``FY2004 Q1`` or ``FY2004 H2`` for a ``--MM-DD`` year end.

    A fiscal year is named by the calendar year in which it ends.
    """
    month, day = int(fiscal_year_end[2:4]), int(fiscal_year_end[5:7])
    year = int(name[2:6])
    fy_end = dt.date(year, month, day)
    fy_start = _add_months(fy_end + dt.timedelta(days=1), -12)
    part = name[7:]
    if not part:
        return fy_start, fy_end
    months, index = (3, int(part[1])) if part[0] == "Q" else (6, int(part[1]))
    start = _add_months(fy_start, months * (index - 1))
    end = _add_months(fy_start, months * index) - dt.timedelta(days=1)
    return start, end


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return day.replace(year=total // 12, month=total % 12 + 1)


def _dimensions(spec: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((spec or {}).items()))


def _read_table(root: Path, table_id: str, periods: dict[str, PeriodDef], where: Location) -> Table:
    yaml_file = root / "tables" / f"{table_id}.yaml"
    csv_file = root / "tables" / f"{table_id}.csv"
    for path in (yaml_file, csv_file):
        if not path.is_file():
            raise SourceError(f"table {table_id!r} is listed but {_display(root, path)} does not exist", where)
    display = _display(root, yaml_file)
    spec, lines = _load_checked(yaml_file, display, "table")

    def loc(*pointer: str | int) -> Location:
        return Location(display, _line(lines, pointer), field=_field(pointer))

    columns = []
    for index, column in enumerate(spec["columns"]):
        if column["period"] not in periods:
            raise _unknown("period", column["period"], periods, loc("columns", index, "period"))
        columns.append(Column(column["id"], column.get("heading", ""), column["period"],
                              _dimensions(column.get("dimensions")), loc("columns", index)))
    _no_duplicates([c.id for c in columns], "column id", [c.location for c in columns])
    column_ids = [c.id for c in columns]

    printed = _read_csv(root, csv_file, column_ids)
    printed_ids = {line_id for line_id, *_ in printed}
    mappings: dict[str, RowMapping] = {}
    for row_id, row in (spec.get("rows") or {}).items():
        if row_id not in printed_ids:
            raise SourceError(f"row {row_id!r} is mapped but {_display(root, csv_file)} has no line with that id",
                              loc("rows", row_id))
        mappings[row_id] = _row_mapping(row_id, row, column_ids, loc)
    table_lines = []
    for line_id, indent, label, cells, location in printed:
        mapping = mappings.get(line_id)
        if mapping:
            for value in mapping.label_values:
                if value.text not in label:
                    raise SourceError(f"label value {value.text!r} does not occur in the label {label!r}",
                                      value.location)
        table_lines.append(Line(line_id, indent, label, cells, mapping, location))
    for row_id, mapping in mappings.items():
        for part in mapping.total:
            if part.row not in printed_ids:
                raise SourceError(f"total of {row_id!r} names row {part.row!r}, which is not in the table",
                                  mapping.location)
            if part.row == row_id:
                raise SourceError(f"row {row_id!r} lists itself in its own total", mapping.location)
    return Table(
        id=table_id,
        title=spec["title"],
        heading=spec.get("heading"),
        kind=spec.get("kind", "statement"),
        scale_note=spec.get("scale_note"),
        scale=spec.get("scale", 0),
        dimensions=_dimensions(spec.get("dimensions")),
        column_heading=spec.get("column_heading"),
        columns=tuple(columns),
        lines=tuple(table_lines),
        location=Location(display),
    )


def _row_mapping(row_id: str, row: dict[str, Any], column_ids: list[str], loc: Any) -> RowMapping:
    label_values = []
    for index, item in enumerate(row.get("label_values", [])):
        where = loc("rows", row_id, "label_values", index)
        if item["column"] not in column_ids:
            raise _unknown("column", item["column"], column_ids, loc("rows", row_id, "label_values", index, "column"))
        try:
            number = parse_cell(item["text"])
        except CellError as exc:
            raise SourceError(str(exc), where) from None
        if number is None:
            raise SourceError(f"label value {item['text']!r} holds no number", where)
        label_values.append(LabelValue(item["text"], item["column"], item["concept"],
                                       item.get("sign", "as_printed"), _dimensions(item.get("dimensions")),
                                       number, where))
    total = []
    for part in row.get("total", []):
        weight = {"+": 1, "-": -1}.get(part[0])
        total.append(TotalPart(part.lstrip("+-"), weight))
    return RowMapping(
        concept=row.get("concept"),
        sign=row.get("sign", "as_printed"),
        dimensions=_dimensions(row.get("dimensions")),
        unit=row.get("unit"),
        scale=row.get("scale"),
        decimals=row.get("decimals"),
        total=tuple(total),
        label_values=tuple(label_values),
        comment=row.get("comment"),
        location=loc("rows", row_id),
    )


_PrintedLine = tuple[str, int, str, tuple[tuple[str, Cell], ...], Location]


def _read_csv(root: Path, path: Path, column_ids: list[str]) -> list[_PrintedLine]:
    display = _display(root, path)
    _check_size(path, display)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                          Location(display, path.read_bytes()[:exc.start].count(b"\n") + 1),
                          hint="save the file as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError("the file is empty; expected a header row: id,indent,label,"
                          + ",".join(column_ids), Location(display, 1)) from None
    except csv.Error as exc:
        raise SourceError(f"malformed CSV: {exc}", Location(display, 1)) from None
    header = [name.strip() for name in header]
    expected = ["id", "indent", "label", *column_ids]
    if header != expected:
        raise SourceError(f"header is {','.join(header)!r}; expected {','.join(expected)!r}",
                          Location(display, 1),
                          hint="the value columns are named by the column ids of the table's YAML, in order")
    result = []
    seen: dict[str, int] = {}
    line_no = reader.line_num
    while True:
        start = line_no + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise SourceError(f"malformed CSV: {exc}", Location(display, start),
                              hint='quote a cell that holds commas or quotes: "$ 1,234"; double a quote inside one') \
                from None
        line_no = reader.line_num
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(expected):
            raise SourceError(f"{len(record)} fields; expected {len(expected)} ({','.join(expected)})",
                              Location(display, start))
        line_id, indent_text, label, *values = [field.strip() for field in record]
        location = Location(display, start)
        # One search over the whole line; the field at fault is looked for only when there is one.
        if NOT_XML.search(",".join(record)):
            for name, value in zip(expected, record, strict=True):
                check_text(value, Location(display, start, column=name))
        if not line_id.replace("_", "a").isalnum() or not line_id[0].isalpha() or not line_id.isascii():
            raise SourceError(f"line id {line_id!r} is not an id (a letter, then letters, digits or _)",
                              Location(display, start, column="id"))
        if line_id in seen:
            raise SourceError(f"duplicate line id {line_id!r} (first on line {seen[line_id]})",
                              Location(display, start, column="id"))
        seen[line_id] = start
        if not indent_text.isdigit():
            raise SourceError(f"indent {indent_text!r} is not a whole number",
                              Location(display, start, column="indent"))
        cells = []
        for column_id, value in zip(column_ids, values, strict=True):
            where = Location(display, start, column_id)  # (file, line, column): positional is faster
            try:
                number = parse_cell(value)
            except CellError as exc:
                raise SourceError(str(exc), where) from None
            cells.append((column_id, Cell(value, number, where)))
        result.append((line_id, int(indent_text), label, tuple(cells), location))
    return result


def _read_resolutions(root: Path, tables: tuple[Table, ...]) -> tuple[Resolution, ...]:
    path = root / "resolutions.yaml"
    if not path.exists():
        return ()
    display = _display(root, path)
    data, lines = _load_checked(path, display, "resolutions")
    by_id = {t.id: t for t in tables}
    result = []
    seen: set[tuple[str, str, str]] = set()
    for index, item in enumerate(data["resolutions"]):
        where = Location(display, _line(lines, ("resolutions", index)), field=f"resolutions[{index}]")
        table = by_id.get(item["table"])
        if table is None:
            raise _unknown("table", item["table"], by_id, where)
        line = table.line(item["row"])
        if line is None:
            raise _unknown(f"row of table {table.id}:", item["row"], (x.id for x in table.lines), where)
        columns = [c.id for c in table.columns]
        for key in ("column", "to_column"):
            if key in item and item[key] not in columns:
                raise _unknown(f"{key.replace('_', ' ')} of table {table.id}:", item[key], columns, where)
        cell = line.cell(item["column"])
        if cell is None or cell.number is None:
            raise SourceError(f"resolution names {table.id}/{line.id}/{item['column']}, where no number is printed",
                              where)
        key = (item["table"], item["row"], item["column"])
        if key in seen:
            raise SourceError("a second resolution for the same cell", where)
        seen.add(key)
        result.append(Resolution(item["table"], item["row"], item["column"], item["action"],
                                 item.get("to_column"), item["reason"], where))
    return tuple(result)
