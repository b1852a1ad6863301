"""YAML reading that remembers the line of every value, so errors can point at it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from exporter.errors import Location, SourceError

Pointer = tuple[str | int, ...]

# Characters XML 1.0 cannot carry: a label holding one could never be written as XBRL.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(text: str, where: Location) -> None:
    """Raise ``SourceError`` if ``text`` holds a character no XML document can carry."""
    bad = NOT_XML.search(text)
    if bad:
        raise SourceError(f"control character {bad.group()!r} in {text[:40]!r}", where,
                          hint="remove it: XBRL documents cannot carry control characters")


# The safe loader builds no Python objects; libyaml's version is several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, display: str) -> tuple[Any, dict[Pointer, int]]:
    """Parse a YAML file into plain data and a map from each value's path to its 1-based line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("file not found", Location(display)) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", Location(display, line),
                          hint="save the file as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"malformed YAML: {exc.problem or exc.context}", Location(display, line)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise SourceError(f"malformed YAML: control character {exc.character!r} is not allowed",
                          Location(display, line), hint="remove it; YAML files hold printable text") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed YAML: {exc}", Location(display)) from None
    lines: dict[Pointer, int] = {}
    if node is None:
        return None, lines
    return _to_data(node, (), lines, display), lines


_STR_TAG = "tag:yaml.org,2002:str"

# Aliases can make a small file expand into a huge document ("billion laughs"); a source file has
# no use for more values than this.
_MAX_VALUES = 200_000


def _to_data(node: yaml.Node, pointer: Pointer, lines: dict[Pointer, int], display: str) -> Any:
    if len(lines) >= _MAX_VALUES or len(pointer) > 50:
        raise SourceError(f"too large: more than {_MAX_VALUES:,} values or nested too deep "
                          "(YAML aliases expanding?)", Location(display, node.start_mark.line + 1))
    lines[pointer] = node.start_mark.line + 1
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.startswith("tag:yaml.org,2002:python"):
        raise SourceError(f"unsupported YAML tag {node.tag!r}; a source holds plain text, numbers, lists and "
                          "mappings", Location(display, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError("a mapping key must be plain text",
                                  Location(display, key_node.start_mark.line + 1))
            if key in result:
                raise SourceError(f"duplicate key {key!r}", Location(display, key_node.start_mark.line + 1))
            result[key] = _to_data(value_node, (*pointer, key), lines, display)
            # Point at the key's line: for a nested mapping the value starts on the next line.
            lines[(*pointer, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*pointer, index), lines, display) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode):
        if NOT_XML.search(node.value):  # the Location only when needed: a source has many scalars
            check_text(node.value, Location(display, node.start_mark.line + 1))
        # Plain scalars get YAML's types (numbers, booleans, null); quoted ones stay text, and so
        # does a plain scalar the composer already resolved to text (most of them: names, labels).
        if node.style or node.tag == _STR_TAG:
            return node.value
        return _plain(node)
    raise SourceError("unsupported YAML node", Location(display, node.start_mark.line + 1))


def _plain(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
    # Dates are kept as written: the source format treats them as ISO text.
    if hasattr(value, "isoformat"):
        return node.value
    return value
