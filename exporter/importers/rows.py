"""What the printed rows of one table mean: ids, sections, totals, concepts, signs and calculations.

Totals are found by arithmetic, not by words: a row printed under a rule is a total when a run of
the rows just above it adds up to it in every column (with a sign per row). That arithmetic is
also what decides signs ("Less:" rows) and the calculation weights written to the table's YAML.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from exporter.importers.model import (
    PRODUCT_AXIS,
    ExtensionConceptSpec,
    ImportedRow,
    LabelValueSpec,
    MemberSpec,
)
from exporter.importers.periods import PeriodSpec, resolve_heading
from exporter.importers.suggest import LineContext, Suggester, extension_name
from exporter.importers.tables import PrintedRow
from exporter.source.cells import CellError, PrintedNumber, parse_cell

# Below this score the best standard concept is a guess: the line gets an extension concept and
# the standard candidates are listed for review.
EXTENSION_BELOW = 0.72
# Below this score a standard concept is kept but marked for review.
REVIEW_BELOW = 0.95
MAX_PARTS = 14
_BREAKDOWN = re.compile(r"^(?P<name>.+?)\s+(?P<item>(?:net\s+)?(?:revenues?|sales))$", re.IGNORECASE)
_LABEL_AMOUNT = re.compile(r"\$\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_LABEL_VALUE_WHAT = re.compile(
    r"\b(?:net\s+of|excluding|including|includes|less|after|before)\s+(?P<what>[^$();]+?)\s+of\s+\$", re.IGNORECASE)
_NONCURRENT = re.compile(r"non-?current|long-term|less current portion|net of current portion", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TableContext:
    """What the rows of a table are read against."""

    table_id: str
    table_kind: str  # balance | operations | comprehensive | cashflow | equity | other
    columns: tuple[tuple[str, PeriodSpec], ...]  # (column id, period)
    segment: str | None = None  # the printed segment name when the table is one segment's
    prefix: str = "ex"


@dataclass(frozen=True, slots=True)
class RowsResult:
    rows: tuple[ImportedRow, ...]
    concepts: tuple[ExtensionConceptSpec, ...]
    members: tuple[MemberSpec, ...]
    moves: tuple[tuple[str, str, str, str], ...]  # (row, from column, to column, reason)


@dataclass(frozen=True, slots=True)
class _Sum:
    parts: tuple[tuple[int, int], ...]  # (row index, printed weight)
    columns: int  # how many columns add up
    differences: tuple[Decimal | None, ...]  # per column: total - sum (None: nothing printed)


def read_number(text: str) -> PrintedNumber | None:
    """A printed cell as a number (``None`` for empty, a footnote mark, or unreadable)."""
    try:
        return parse_cell(text) if text else None
    except CellError:
        return None


def value_kind(label: str, cells: Sequence[str]) -> str:
    """What the row's numbers are: ``percent``, ``perShare``, ``shares`` or ``monetary``."""
    if any("%" in c for c in cells):
        return "percent"
    lower = label.lower()
    if re.search(r"\bper\s+(\w+\s+){0,2}(share|unit)\b", lower):
        return "perShare"
    numbers = [n for n in (read_number(c) for c in cells) if n is not None and not n.nil]
    if re.search(r"\bshares\b", lower) and not any("$" in c for c in cells) \
            and all(n.fraction_digits == 0 for n in numbers):
        return "shares"
    return "monetary"


def snake_id(label: str, fallback: str, taken: set[str]) -> str:
    """A row id from a label: ``Cash and cash equivalents`` → ``cash_and_cash_equivalents``."""
    core = re.sub(r"\(.*", "", label)
    core = re.sub(r",\s*net of\b.*", " net", core, flags=re.IGNORECASE)
    core = re.sub(r"^\s*(less|plus|add)\s*:\s*", "", core, flags=re.IGNORECASE)
    parts = re.findall(r"[a-z0-9]+", core.lower())
    text = ""
    for part in parts:
        if len(text) + len(part) + 1 > 40:
            break
        text = f"{text}_{part}" if text else part
    text = text or fallback
    if not text[0].isalpha():
        text = f"row_{text}"
    candidate, counter = text, 2
    while candidate in taken:
        candidate = f"{text}_{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def pascal_words(text: str) -> str:
    """``Core Van Services`` → ``CoreVanServices``; ``ICC.NET`` → ``IccNet``."""
    return "".join(w[:1].upper() + w[1:].lower() for w in re.findall(r"[A-Za-z0-9]+", text))


def member_name(text: str) -> str:
    """A member's name from its printed name: ``ICC.NET`` → ``IccNetMember`` (always a valid XML name)."""
    name = pascal_words(text)
    return f"{name if name[:1].isalpha() else 'Item' + name}Member"


def _values(row: PrintedRow) -> list[Decimal | None]:
    result: list[Decimal | None] = []
    for cell in row.cells:
        number = read_number(cell or "")
        result.append(None if number is None else (Decimal(0) if number.nil else number.value))
    return result


def find_sum(total: Sequence[Decimal | None], pool: Sequence[tuple[int, Sequence[Decimal | None]]]) -> _Sum | None:
    """The run of rows just above a total that adds up to it in every column, with a sign per row.

    Shorter runs and fewer minus signs are preferred; ``None`` when nothing adds up everywhere.
    """
    printed = [i for i, v in enumerate(total) if v is not None]
    if not printed or not pool:
        return None
    longest = min(len(pool), MAX_PARTS)
    for minus in range(0, longest + 1):
        for size in range(max(1, minus), longest + 1):
            run = pool[-size:]
            for signs in itertools.combinations(range(size), minus):
                weights = [-1 if i in signs else 1 for i in range(size)]
                if all(_column_sum(run, weights, c) == total[c] for c in printed):
                    return _Sum(tuple((index, w) for (index, _), w in zip(run, weights, strict=True)),
                                len(printed), tuple(Decimal(0) if v is not None else None for v in total))
        if minus >= 3:
            break
    return None


def near_sum(total: Sequence[Decimal | None], pool: Sequence[tuple[int, Sequence[Decimal | None]]]) -> _Sum | None:
    """The run above a total that adds up in most (not all) columns, all rows added: a misprint to review."""
    printed = [i for i, v in enumerate(total) if v is not None]
    if len(printed) < 3 or len(pool) < 2:
        return None
    best: _Sum | None = None
    for size in range(2, min(len(pool), MAX_PARTS) + 1):
        run = pool[-size:]
        weights = [1] * size
        differences = tuple(None if total[c] is None else total[c] - _column_sum(run, weights, c)
                            for c in range(len(total)))
        matching = sum(1 for d in differences if d == 0)
        if matching * 2 > len(printed) and (best is None or matching > best.columns):
            best = _Sum(tuple((index, 1) for index, _ in run), matching, differences)
    return best


def _column_sum(run: Sequence[tuple[int, Sequence[Decimal | None]]], weights: Sequence[int], column: int) -> Decimal:
    return sum(((values[column] or Decimal(0)) * w for (_, values), w in zip(run, weights, strict=True)),
               Decimal(0))


def interpret_rows(printed: Sequence[PrintedRow], context: TableContext, suggester: Suggester,
                   avoid: Mapping[str, frozenset[str]] | None = None,
                   prefer: Mapping[str, str] | None = None) -> RowsResult:
    """Interpret a table's printed rows: ids, concepts, signs, totals, label values, members.

    ``avoid`` names, by row id, concepts not to choose again (they clash with another table's facts);
    ``prefer`` names concepts to choose when they are among the candidates (the same line of a
    parallel table).
    """
    avoid = avoid or {}
    prefer = prefer or {}
    taken: set[str] = set()
    indents = sorted({r.indent for r in printed if r.indent >= 0 and r.label})
    column_ids = [c for c, _ in context.columns]
    period_type = _period_type(context)
    heading = ""
    major = ""
    after_current_total = False
    rows: list[ImportedRow] = []
    kinds: list[str] = []
    values: list[list[Decimal | None]] = []
    contexts: list[tuple[str, tuple[str, ...]]] = []
    level = 0
    for index, row in enumerate(printed):
        if row.label:
            level = indents.index(row.indent) if row.indent in indents else 0
        if row.is_heading:
            if row.label.isupper() and len(row.label) > 3:
                major, heading = row.label, ""
            else:
                heading = row.label
            after_current_total = False
            fallback = f"heading_{index + 1}"
            row_id = snake_id(row.label, fallback, taken)
            if not row_id.endswith("heading"):
                taken.discard(row_id)
                row_id = snake_id(f"{row_id} heading", fallback, taken)
            rows.append(ImportedRow(row_id, level, row.label, tuple(c or "" for c in row.cells), row.lines))
            kinds.append("heading")
            values.append([None] * len(row.cells))
            contexts.append((heading, ()))
            continue
        label_for_id = row.label or f"total {heading.rstrip(':')}"
        row_id = snake_id(label_for_id, f"row_{index + 1}", taken)
        context_words: list[str] = []
        if re.search(r"\bcurrent\b", heading, re.IGNORECASE) and not _NONCURRENT.search(heading):
            context_words.append("current")
        if context.table_kind == "balance" and (after_current_total or _NONCURRENT.search(row.label)):
            context_words = ["noncurrent"]
        if context.table_kind == "balance" and re.match(r"\s*total\s+current\b", row.label, re.IGNORECASE):
            after_current_total = True
        rows.append(ImportedRow(row_id, level, row.label, tuple(c or "" for c in row.cells), row.lines))
        kinds.append(value_kind(row.label, [c or "" for c in row.cells]))
        values.append(_values(row))
        contexts.append((heading or major, tuple(context_words)))

    # Totals, by arithmetic on the printed numbers.
    sums: dict[int, _Sum] = {}
    near: dict[int, _Sum] = {}
    pool: list[tuple[int, Sequence[Decimal | None]]] = []
    for index, row in enumerate(printed):
        if kinds[index] == "heading":
            continue
        if row.rule_before == "double":
            pool = []
        if kinds[index] != "monetary" or all(v is None for v in values[index]):
            continue
        if row.rule_before == "single":
            found = find_sum(values[index], pool)
            if found is not None:
                sums[index] = found
                used = {i for i, _ in found.parts}
                pool = [p for p in pool if p[0] not in used]
            else:
                almost = near_sum(values[index], pool)
                if almost is not None:
                    near[index] = almost
        pool.append((index, values[index]))

    moves = _moves(near, values, rows, column_ids)
    for index, (row_id, source, target, _) in moves:
        part = next(i for i, r in enumerate(rows) if r.id == row_id)
        values[part][column_ids.index(target)] = values[part][column_ids.index(source)]
        values[part][column_ids.index(source)] = Decimal(0)
        found = find_sum(values[index], [(i, values[i]) for i, _ in near[index].parts])
        if found is not None:
            sums[index] = found
            near.pop(index)

    # Concepts, in printed order so a total sees its parts' concepts.
    concepts: list[ExtensionConceptSpec] = []
    members: list[MemberSpec] = []
    chosen: dict[int, str] = {}
    for index, row in enumerate(rows):
        if kinds[index] == "heading":
            continue
        numbers = [v for v in values[index] if v is not None]
        cells_printed = [c for c in row.cells if c]
        if not numbers:
            note = f"Printed {', '.join(dict.fromkeys(cells_printed))}: no value is given, so nothing is tagged."
            rows[index] = replace(row, comment=note)
            continue
        heading_text, context_words = contexts[index]
        label = row.label
        dimensions: tuple[tuple[str, str], ...] = ()
        notes: list[str] = []
        review: list[str] = []
        if context.segment and (match := _BREAKDOWN.match(label)):
            name = match["name"].strip()
            if _normal(name) != _normal(context.segment):
                member = member_name(name)
                members.append(MemberSpec(member, f"{name} [Member]", PRODUCT_AXIS))
                dimensions = ((PRODUCT_AXIS, f"{context.prefix}:{member}"),)
                notes.append(f"{name}: a product or service line of the segment ({PRODUCT_AXIS}).")
            label = match["item"]
        suggest_label = label or f"Total {heading_text.rstrip(':')}".strip()
        negative = all(v < 0 for v in numbers if v != 0) and any(v != 0 for v in numbers)
        total = sums.get(index)
        parts = tuple(chosen[i] for i, _ in total.parts if i in chosen) if total else ()
        # The comprehensive income part of a statement of operations is a statement of its own kind.
        table_kind = "comprehensive" if context.table_kind == "operations" and re.search(
            r"comprehensive", f"{heading_text} {label}", re.IGNORECASE) else context.table_kind
        line = LineContext(suggest_label, table_kind, period_type, kinds[index], negative,
                           heading_text, context_words, total is not None, parts)
        avoided = avoid.get(row.id, frozenset())
        suggestions = tuple(s for s in suggester.suggest(line, 8 + len(avoided)) if s.concept not in avoided)[:8]
        best = suggestions[0] if suggestions else None
        preferred = next((s for s in suggestions if s.concept == prefer.get(row.id)), None)
        if preferred is None and prefer.get(row.id) and prefer[row.id] not in avoided:
            preferred = suggester.score_of(line, prefer[row.id])
        if preferred is not None and preferred is not best:
            notes.append(f"{preferred.concept} as on the same line of a parallel table (both add up to the same "
                         "total)")
            best = preferred
            suggestions = (preferred, *(s for s in suggestions if s is not preferred))
        if avoided:
            review.append(f"not {', '.join(sorted(avoided))}: another table tags it with other numbers")
        if suggester.is_non_gaap(suggest_label) or best is None or best.score < EXTENSION_BELOW:
            name = extension_name(suggest_label)
            concept = f"{context.prefix}:{name}"
            suffix = 2
            while concept in avoided:
                concept = f"{context.prefix}:{name}{suffix}"
                suffix += 1
            name = concept.partition(":")[2]
            concepts.append(ExtensionConceptSpec(name, _extension_label(suggest_label), _type_of(kinds[index]),
                                                 period_type or "duration"))
            why = "a company-defined measure" if suggester.is_non_gaap(suggest_label) else \
                "no standard concept fits well"
            review.append(f"extension concept {concept}: {why}" + (
                f"; closest standard: {', '.join(f'{s.concept} {s.score:.2f}' for s in suggestions[:3])}"
                if suggestions else ""))
        else:
            concept = best.concept
            if best.score < REVIEW_BELOW or (len(suggestions) > 1 and suggestions[1].score > best.score - 0.02
                                             and preferred is None):
                review.append(f"low confidence ({best.score:.2f}); also "
                              + ", ".join(f"{s.concept} {s.score:.2f}" for s in suggestions[1:4]))
        chosen[index] = concept
        rows[index] = replace(row, concept=concept, dimensions=dimensions, suggestions=suggestions,
                              notes=tuple(notes), review=tuple(review))

    # Signs: a deduction printed in parentheses, or under "Less:", is the negative of the fact.
    weights_in_total = {part: weight for s in sums.values() for part, weight in s.parts}
    balances: dict[int, str | None] = {i: _balance(suggester, chosen[i]) for i in chosen}
    signs: dict[int, int] = {}
    for index in chosen:
        sign, reason = _sign(rows[index].label, values[index], balances[index], weights_in_total.get(index))
        signs[index] = sign
        if sign < 0:
            rows[index] = replace(rows[index], sign="negate", notes=rows[index].notes + (reason,))

    # Calculations: weights from the arithmetic, checked against the concepts' balance types.
    for index, found in sums.items():
        if index not in chosen:
            continue
        items, conflict, calc = [], [], []
        for part, printed_weight in found.parts:
            if part not in chosen:
                continue
            weight = signs[index] * printed_weight * signs[part]
            calc.append((chosen[part], weight))
            total_balance, part_balance = balances[index], balances[part]
            if total_balance and part_balance:
                inferred = 1 if total_balance == part_balance else -1
                if inferred != weight:
                    conflict.append(f"{rows[part].id} ({part_balance})")
                items.append(rows[part].id)
            else:
                items.append(f"{'+' if weight > 0 else '-'}{rows[part].id}")
        row = rows[index]
        if conflict:
            row = replace(row, review=row.review + (
                f"the printed numbers add up as the total of {', '.join(r for r in items)}, but the balance types of "
                f"{', '.join(conflict)} and {chosen[index]} ({balances[index]}) contradict that: check the concepts",))
        elif items:
            row = replace(row, total=tuple(items), calc=tuple(calc))
        rows[index] = row
    for index, almost in near.items():
        columns = [f"{column_ids[c]} by {d:,}" for c, d in enumerate(almost.differences) if d]
        rows[index] = replace(rows[index], review=rows[index].review + (
            f"printed under a rule, but the {len(almost.parts)} rows above add up to it only in {almost.columns} "
            f"columns; differs in {', '.join(columns)}",))
    for index, row in enumerate(rows):
        if kinds[index] != "heading" and printed[index].rule_before == "single" and index not in sums \
                and index not in near and kinds[index] == "monetary" and row.concept:
            rows[index] = replace(row, review=row.review + (
                "printed under a rule like a total, but no run of the rows above adds up to it",))

    # Numbers printed inside labels.
    for index, row in enumerate(rows):
        if row.concept is None:
            continue
        label_values, review = _label_values(row.label, column_ids, context, suggester, contexts[index],
                                             avoid.get(f"{row.id}#label", frozenset()))
        if label_values or review:
            rows[index] = replace(row, label_values=tuple(label_values), review=row.review + tuple(review))
    move_specs = tuple(m for _, m in moves)
    return RowsResult(tuple(rows), tuple(concepts), tuple(members), move_specs)


def _period_type(context: TableContext) -> str | None:
    types = {"instant" if p.is_instant else "duration" for _, p in context.columns}
    return types.pop() if len(types) == 1 else None


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _type_of(kind: str) -> str:
    return {"percent": "percent", "perShare": "perShare", "shares": "shares"}.get(kind, "monetary")


def _extension_label(label: str) -> str:
    text = re.sub(r"^\s*(less|plus|total)\b\s*:?\s*", "", label, flags=re.IGNORECASE)
    text = re.sub(r"\s*%\s*$", " Percent", text)
    words_ = text.split()
    while len(words_) > 1 and words_[-1].lower() in ("loss", "income", "gain", "profit", "(loss)"):
        words_.pop()
    text = " ".join(words_)
    return (text[:1].upper() + text[1:]) or "Unlabelled line"


def _balance(suggester: Suggester, concept: str) -> str | None:
    entry = suggester.entries.get(concept)
    return entry.balance if entry is not None else None


def _sign(label: str, values: Sequence[Decimal | None], balance: str | None,
          printed_weight: int | None) -> tuple[int, str]:
    """+1 when the fact is the printed number, -1 when it is its negative, and why."""
    numbers = [v for v in values if v is not None and v != 0]
    deduction = bool(re.match(r"^\s*(less|deduct)\b", label, re.IGNORECASE))
    if deduction and printed_weight != -1:
        return -1, "printed as a deduction (\"Less:\"): the fact is the negative of the printed number"
    if balance == "debit" and numbers and all(v < 0 for v in numbers):
        return -1, "a debit item printed in parentheses as a deduction: the fact is the positive amount"
    return 1, ""


def _moves(near: dict[int, _Sum], values: list[list[Decimal | None]], rows: list[ImportedRow],
           column_ids: Sequence[str]) -> list[tuple[int, tuple[str, str, str, str]]]:
    """A number printed in the wrong column: moving it fixes the sums of both columns exactly."""
    found = []
    for index, almost in near.items():
        off = [(c, d) for c, d in enumerate(almost.differences) if d]
        if len(off) != 2 or off[0][1] != -off[1][1]:
            continue
        (first, diff_first), (second, _) = off
        for part, _ in almost.parts:
            for source, target in ((first, second), (second, first)):
                amount = values[part][source]
                # The sum of the source column is too large by the amount, the target's too small by it.
                source_diff = diff_first if source == first else -diff_first
                if amount and amount == -source_diff and values[part][target] == 0:
                    reason = (f"review: {amount:,} is printed in the {column_ids[source]} column of "
                              f"{rows[part].label!r}, but the columns only add up to the printed "
                              f"{rows[index].label!r} with it in {column_ids[target]}: moved there by the import")
                    found.append((index, (rows[part].id, column_ids[source], column_ids[target], reason)))
    return found[:1] if len(found) == 1 else []


def _label_values(label: str, column_ids: Sequence[str], context: TableContext, suggester: Suggester,
                  row_context: tuple[str, tuple[str, ...]],
                  avoided: frozenset[str]) -> tuple[list[LabelValueSpec], list[str]]:
    amounts = [m.group(0) for m in _LABEL_AMOUNT.finditer(label)]
    if not amounts:
        return [], []
    what = _LABEL_VALUE_WHAT.search(label)
    assigned: list[tuple[str, str]] = []
    if len(amounts) == len(column_ids) and (len(amounts) == 1 or re.search(r"\brespectively\b", label, re.I)):
        assigned = list(zip(amounts, column_ids, strict=True))
    elif len(amounts) == 1:
        after = label[label.index(amounts[0]) + len(amounts[0]):]
        period = resolve_heading([after], None, instant_table=context.table_kind == "balance").period
        matches = [c for c, p in context.columns if period is not None and (p.start, p.end) == (period.start,
                                                                                               period.end)]
        if len(matches) == 1:
            assigned = [(amounts[0], matches[0])]
    if not assigned:
        return [], [f"the amounts {', '.join(amounts)} in the label could not be placed in a column: not tagged"]
    if what is None:
        return [], [f"the amounts {', '.join(amounts)} in the label name no item: not tagged"]
    heading, context_words = row_context
    results, review = [], []
    for text, column in assigned:
        period = dict(context.columns)[column]
        line = LineContext(what["what"], context.table_kind, "instant" if period.is_instant else "duration",
                           "monetary", False, heading, context_words)
        suggestions = [s for s in suggester.suggest(line, 3 + len(avoided)) if s.concept not in avoided]
        if not suggestions or suggestions[0].score < EXTENSION_BELOW:
            review.append(f"{text} in the label ({what['what']}): no concept found, not tagged")
            continue
        results.append(LabelValueSpec(text, column, suggestions[0].concept))
    if results:
        review.append(f"amounts in the label tagged as {results[0].concept} ({what['what']!r})")
    return results, review
