"""Arelle's messages about calculations and duplicates, pointed back at the source.

Arelle names facts by id; ours are ``f-<table>-<row>-<column>`` (``-labelN`` for a number printed
in a label, ``f-cover-<concept>`` for cover facts), and source ids never contain ``-``, so the id
alone says where a fact is printed, even when only the built report is at hand.
"""

from __future__ import annotations

from exporter.arelle import Message


def is_about_source_facts(message: Message) -> bool:
    """Calculation (``calc11e:*``) and duplicate-fact messages, the ones worth tracing to cells."""
    return bool(message.fact_ids) and (message.code.startswith("calc11e:") or "uplicate" in message.code)


def source_terms(message: Message) -> str:
    """Where the facts of a calculation or duplicate message are printed, e.g.
    ``table ebitda_consolidated, column Q1FY2004: rows adjusted_ebitda, net_loss; table operations,
    column Q1FY2004: rows net_loss``; empty for other messages and for ids not made by us."""
    if not is_about_source_facts(message):
        return ""
    groups: dict[tuple[str, str], list[str]] = {}
    for fact_id in message.fact_ids:
        parts = fact_id.split("-")
        if len(parts) == 3 and parts[:2] == ["f", "cover"]:
            groups.setdefault(("cover", ""), []).append(parts[2])
        elif len(parts) in (4, 5) and parts[0] == "f":
            row = parts[2] + (f" (number {parts[4].removeprefix('label')} in its label)" if len(parts) == 5 else "")
            groups.setdefault((parts[1], parts[3]), []).append(row)
    described = []
    for (table, column), rows in groups.items():
        unique = list(dict.fromkeys(rows))
        head = f"table {table}" + (f", column {column}" if column else "")
        described.append(f"{head}: row{'s' if len(unique) > 1 else ''} {', '.join(unique)}")
    return "; ".join(described)
