"""Signs and balances: values whose sign contradicts the concept and the way the line is printed.

Statements print deductions in parentheses, but most concepts are reported positive whatever the
printing: an expense of (13) is the fact 13 (``sign: negate`` on the row). The rules, each a
warning with the fix:

- ``sign.negative``: a concept with a balance (debit or credit) that is normally positive (an
  expense, an asset, a liability, revenue) has a negative value. Concepts that go either way are
  exempt: net and gain/loss concepts (``NetIncomeLoss``, ``GainLossOnInvestments``,
  ``InterestIncomeExpenseNonoperatingNet``), equity, deficits, comprehensive income, changes.
- ``sign.loss-positive``: a line labelled a loss (and not a gain, income or profit) is tagged
  positive with an income-type concept (credit balance, or an ``IncomeLoss``/per-share concept),
  where positive means income.
- ``sign.gain-negative``: a line labelled a gain, income or profit, printed positive, is tagged
  negative with an income-type concept (the mapping negated it), unless the label says it is a
  deduction (``Less:``).

Numbers printed inside labels are judged only by the concept's balance, not by the label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from exporter.checks.findings import Finding, SourceWords, fact_amount, printed_negative
from exporter.checks.index import ReportIndex, index_of
from exporter.facts.model import Concept, Fact
from exporter.facts.report import Report

# Concepts whose values may be either sign by definition (net amounts, gains or losses, changes).
_EITHER_SIGN = re.compile(
    r"IncomeLoss|LossIncome|GainLoss|LossGain|IncomeExpense|ExpenseIncome|ProfitLoss|ExpenseBenefit|"
    r"BenefitExpense|IncreaseDecrease|ComprehensiveIncome|Deficit|Equity|Adjustment")
# Concepts without a balance that still mean income when positive.
_INCOME_NO_BALANCE = re.compile(r"IncomeLoss|ProfitLoss|EarningsPerShare|LossPerShare")
_LOSS = re.compile(r"\bloss(es)?\b", re.IGNORECASE)
_GAIN = re.compile(r"\b(gains?|income|profits?|earnings)\b", re.IGNORECASE)
_DEDUCTION = re.compile(r"^\s*(less|deduct|minus)\b", re.IGNORECASE)
# Compared with a Decimal, an int is converted on every comparison; this zero is converted once.
_ZERO = Decimal(0)


def check_signs(report: Report, index: ReportIndex | None = None) -> tuple[Finding, ...]:
    """One warning per printed line (and rule) whose tagged values have the wrong sign. ``index``:
    the lookups ``run_checks`` shares between the checks."""
    index = index_of(report, index)
    words, in_labels = index.words, index.in_labels
    flagged: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    # What the rules read from a concept's name and a line's label is worked out once per concept
    # (a few hundred) and per label (one per line), not per fact: this loop runs for every fact.
    # Facts come line by line, so the previous fact's concept is usually this one's.
    concepts: dict[int, tuple[Concept, bool, bool]] = {}  # id → (the concept, balance rule, income-type)
    labels: dict[str, tuple[bool, bool]] = {}  # label → (says loss, says gain)
    last: Concept | None = None
    balance_rule = income_type = False
    for fact in report.facts:
        value = fact.value
        origin = fact.origin
        if not isinstance(value, Decimal) or origin is None or value == _ZERO:
            continue
        if fact.concept is not last:
            last = fact.concept
            kind = concepts.get(id(last))
            if kind is None or kind[0] is not last:  # the entry holds the concept: its id stays its own
                kind = concepts[id(last)] = (last, *_concept_kind(last))
            _, balance_rule, income_type = kind
        if balance_rule and value < _ZERO:
            code = "sign.negative"
        elif not income_type or fact.id in in_labels:
            continue  # numbers printed in labels are judged by the balance alone
        else:
            says = labels.get(origin.label)
            if says is None:
                says = labels[origin.label] = _label_says(origin.label)
            code = _label_rule(says, value, origin.printed)
            if code is None:
                continue
        flagged[(origin.table, origin.row, code)].append(fact)
    return tuple(_finding(code, facts, words, facts[0].id in in_labels) for (_, _, code), facts in flagged.items())


def _concept_kind(concept: Concept) -> tuple[bool, bool]:
    """Whether a negative value breaks ``sign.negative`` (the concept has a balance and is not one
    that goes either way), and whether a positive value means income."""
    either = bool(_EITHER_SIGN.search(concept.qname.local))
    income_type = concept.balance == "credit" or (concept.balance is None
                                                  and bool(_INCOME_NO_BALANCE.search(concept.qname.local)))
    return concept.balance is not None and not either, income_type


def _label_says(label: str) -> tuple[bool, bool]:
    """Whether a line's label says it is a loss, and whether it says it is a gain (not a deduction)."""
    says_loss = bool(_LOSS.search(label)) and not _GAIN.search(label)
    says_gain = bool(_GAIN.search(label)) and not _LOSS.search(label) and not _DEDUCTION.search(label)
    return says_loss, says_gain


def _label_rule(says: tuple[bool, bool], value: Decimal, printed: str) -> str | None:
    """The rule a value (not zero) of an income-type concept breaks on a line whose label says
    ``says`` (``_label_says``), if any."""
    says_loss, says_gain = says
    if says_loss and value > _ZERO:
        return "sign.loss-positive"
    if says_gain and value < _ZERO and not printed_negative(printed):
        return "sign.gain-negative"
    return None


def _finding(code: str, facts: list[Fact], words: SourceWords, in_label: bool) -> Finding:
    first = facts[0]
    assert first.origin is not None
    origin = first.origin
    concept = first.concept
    # The mapping negated the printed number exactly when the printed sign and the value differ.
    negated = printed_negative(origin.printed) != (first.value < 0)  # type: ignore[operator]
    what = f"the number {origin.printed!r} in the label of" if in_label else "row"
    fix = (f"drop `sign: negate` from {what} {origin.row}" if negated else
           f"add `sign: negate` to {what} {origin.row}") + f" in tables/{origin.table}.yaml"
    printed = ", ".join(f"{f.origin.printed if f.origin else ''} tagged {fact_amount(f)}" for f in facts)
    subject = (f"{words.line_label(first)} ({words.title(origin.table)}): printed {printed} "
               f"as {concept.qname}")
    if code == "sign.negative":
        kinds = "an expense, a cost or an asset" if concept.balance == "debit" else "revenue, income or a liability"
        why = (f"which has a {concept.balance} balance and is reported positive ({kinds}); a deduction printed "
               "in parentheses is a positive fact")
    elif code == "sign.loss-positive":
        why = "where a positive value means income, but the line is a loss"
    else:
        why = "where a negative value means a loss, but the line is printed as a gain or income"
    message = f"{subject}, {why}. Fix: {fix}."
    locations = tuple(words.where(f) for f in facts)
    values = (("concept", str(concept.qname)), ("balance", concept.balance or ""),
              ("values", ", ".join(str(f.value) for f in facts)), ("fix", fix))
    return Finding("sign", "warning", code, message, locations, values)
