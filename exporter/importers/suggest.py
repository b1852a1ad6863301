"""Suggest taxonomy concepts for a printed line item, from concept names alone (no labels offline).

A concept name is read as words (``CostOfRevenue`` → cost, of, revenue) and compared with the
line's label, weighting rare words more (a match on "goodwill" says more than one on "net"). The
line's context narrows and ranks the candidates: the table kind fixes the period type (balance
sheet → instant), the printed value fixes the item type (%, per share, shares, money), section
headings give words ("Current assets:") and expected balances, a total prefers concepts whose
summation children are the lines it sums, and the taxonomy's own statements say which concepts a
balance sheet or an income statement usually presents.

Scores are ranking weights between 0 and about 1.5, not amounts, so they are floats.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

import yaml

from exporter.importers.relations import Relations, load_relations
from exporter.taxonomy.catalog import Catalog, load_catalog
from exporter.taxonomy.profile import load_profile

TABLE_KINDS = ("balance", "operations", "comprehensive", "cashflow", "equity", "other")
VALUE_KINDS = ("monetary", "percent", "shares", "perShare", "pure")
_STOPWORDS = frozenset({"of", "and", "the", "for", "to", "in", "on", "by", "from", "at", "or", "a", "an", "with",
                        "as", "its", "into", "than", "that", "which", "is", "are", "be"})
# Words that decorate a printed label without naming what it is.
_DECORATION = frozenset({"total", "less", "plus", "add", "deduct", "unaudited", "respectively", "thereof"})
_NON_GAAP = re.compile(r"\b(adjusted|ebitda|ebit|pro\s*forma|non-?gaap|normalized|excluding|before\s+special)\b",
                       re.IGNORECASE)
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+")
_KINDS_FOR_VALUE = {
    "monetary": {"monetary"},
    "percent": {"percent", "pure", "decimal"},
    "pure": {"pure", "decimal", "percent"},
    "shares": {"shares", "decimal", "integer"},
    "perShare": {"perShare"},
}
_PERIOD_TYPE = {"balance": "instant", "operations": "duration", "comprehensive": "duration",
                "cashflow": "duration", "equity": None, "other": None}
_BALANCE_WORDS = (
    (re.compile(r"\b(assets?|receivables?|inventor(y|ies)|prepaid)\b", re.I), "debit"),
    (re.compile(r"\b(liabilit(y|ies)|payables?|accrued|deferred revenue|equity|stockholders|shareholders|"
                r"capital stock|paid-in)\b", re.I), "credit"),
    (re.compile(r"\b(expenses?|costs?|charges?)\b", re.I), "debit"),
    (re.compile(r"\b(revenues?|sales|income)\b", re.I), "credit"),
)


@dataclass(frozen=True, slots=True)
class LineContext:
    """What is known about a printed line when a concept is suggested for it."""

    label: str
    table_kind: str = "other"
    period_type: str | None = None  # instant | duration; from the column, else from the table kind
    value_kind: str | None = None  # monetary | percent | shares | perShare | pure
    negative: bool = False  # every printed value is negative
    heading: str = ""  # the section heading the line stands under ("Current assets:")
    context_words: tuple[str, ...] = ()  # words the position implies ("noncurrent" after total current assets)
    is_total: bool = False
    parts: tuple[str, ...] = ()  # concepts of the lines this total sums


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A candidate concept with its score and the reasons, best first in a ranking."""

    concept: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    words: tuple[str, ...]
    kind: str
    period_type: str
    balance: str | None
    unique: tuple[str, ...] = ()  # the words without stopwords, each once, in order
    word_set: frozenset[str] = frozenset()
    weight: float = 0.0  # the sum of their rarity weights


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A line's readings and filters, worked out once and applied to each candidate."""

    variants: tuple[tuple[str, ...], ...]
    factors: tuple[float, ...]
    hinted: Mapping[str, float]
    period_type: str | None
    kinds: set[str] | None
    expected_balance: str | None
    parts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Synonyms:
    """The curated vocabulary of ``synonyms.yaml``: words, phrases and direct concept hints."""

    words: Mapping[str, str] = field(default_factory=dict)
    phrases: Mapping[str, str] = field(default_factory=dict)
    concepts: Mapping[str, str] = field(default_factory=dict)
    qualifiers: frozenset[str] = frozenset()


@cache
def load_synonyms() -> Synonyms:
    """The synonym table shipped with the package."""
    text = resources.files("exporter.importers").joinpath("synonyms.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return Synonyms(
        words={str(k).lower(): str(v).lower() for k, v in (data.get("words") or {}).items()},
        phrases={" ".join(words(str(k))): " ".join(words(str(v))) for k, v in (data.get("phrases") or {}).items()},
        concepts={" ".join(words(str(k))): str(v) for k, v in (data.get("concepts") or {}).items()},
        qualifiers=frozenset(stem(str(w).lower()) for w in data.get("qualifiers") or ()),
    )


def stem(word: str) -> str:
    """A crude singular: liabilities → liability, expenses → expense, taxes → tax, assets → asset."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words of a printed label, lower-cased and singular, with "non-current" read as one word."""
    text = text.lower().replace("&", " and ").replace("'s", "").replace("\u2019s", "")
    raw = re.findall(r"[a-z][a-z0-9]*|\d+", text)
    result: list[str] = []
    index = 0
    while index < len(raw):
        word = raw[index]
        if word == "non" and index + 1 < len(raw):
            word = "non" + raw[index + 1]
            index += 1
        result.append(stem(word))
        index += 1
    return result


def name_words(local_name: str) -> tuple[str, ...]:
    """The words of a concept name: ``AccountsReceivableNetCurrent`` → accounts, receivable, net, current."""
    return tuple(stem(part.lower()) for part in _CAMEL.findall(local_name) if not part.isdigit())


@dataclass(frozen=True, slots=True)
class Suggester:
    """Ranks the concepts of a taxonomy for printed line items."""

    entries: Mapping[str, _Entry]
    index: Mapping[str, tuple[str, ...]]
    idf: Mapping[str, float]
    relations: Relations
    synonyms: Synonyms
    use_synonyms: bool = True
    default_idf: float = 1.0
    # Memo of answers: an import asks about the same lines again when it rebuilds tables.
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def suggest(self, line: LineContext, top: int = 5) -> tuple[Suggestion, ...]:
        """The ``top`` best concepts for the line, best first; empty when nothing fits the filters."""
        key = (line, top)
        if key not in self._memo:
            self._memo[key] = self._suggest(line, top)
        return self._memo[key]

    def score_of(self, line: LineContext, concept: str) -> Suggestion | None:
        """The score the line gives one concept; ``None`` when the concept does not fit its filters."""
        prepared = self._prepare(line)
        return self._score(concept, line, prepared) if prepared is not None else None

    def _suggest(self, line: LineContext, top: int) -> tuple[Suggestion, ...]:
        prepared = self._prepare(line)
        if prepared is None:
            return ()
        candidates: set[str] = set(prepared.hinted)
        for variant in prepared.variants:
            for word in variant:
                if word not in _STOPWORDS:
                    candidates.update(self.index.get(word, ()))
        scored = [s for s in (self._score(name, line, prepared) for name in candidates) if s is not None]
        scored.sort(key=lambda s: (-s.score, len(s.concept), s.concept))
        return tuple(scored[:top])

    def _prepare(self, line: LineContext) -> _Prepared | None:
        variants = self._readings(line.label)
        if not variants or not variants[0]:
            return None
        # Readings with the section heading: "Unrealized gain" under "Other comprehensive loss:" is
        # an other comprehensive income item; a bare "Services" under "Revenues:" is revenue. They
        # count for less than the label's own words.
        factors = [1.0] * len(variants)
        hinted = {name: 1.0 for name in self._hints(line.label)}
        heading_words = [w for w in words(_core(line.heading)) if w not in _DECORATION] if line.heading else []
        if heading_words and not set(heading_words) <= set(variants[0]):
            for reading in self._readings(" ".join([_core(line.heading), _core(line.label)])):
                variants.append(reading)
                factors.append(0.92)
            if len([w for w in variants[0] if w not in _STOPWORDS]) <= 1 and not hinted:
                # A one-word line ("Services", "Products") under a heading that names an item is that item.
                for reading in self._readings(_core(line.heading)):
                    variants.append(reading)
                    factors.append(0.85)
                hinted = {name: 0.85 for name in self._hints(line.heading)}
        return _Prepared(
            variants=tuple(tuple(v) for v in variants),
            factors=tuple(factors),
            hinted=hinted,
            period_type=line.period_type or _PERIOD_TYPE.get(line.table_kind),
            kinds=_KINDS_FOR_VALUE.get(line.value_kind or ""),
            expected_balance=_expected_balance(line),
            parts=frozenset(line.parts),
        )

    def _score(self, name: str, line: LineContext, prepared: _Prepared) -> Suggestion | None:
        entry = self.entries.get(name)
        if entry is None or (prepared.period_type and entry.period_type != prepared.period_type):
            return None
        if prepared.kinds is not None and entry.kind not in prepared.kinds:
            return None
        if prepared.kinds is None and entry.kind not in ("monetary", "shares", "perShare", "percent", "pure",
                                                         "decimal", "integer"):
            return None
        text, matched = max((self._text_score(variant, entry) * prepared.factors[i], i)
                            for i, variant in enumerate(prepared.variants))
        reasons = [f"words {text:.2f}" + (" (synonyms or heading)" if matched else "")]
        if name in prepared.hinted:
            # A curated equivalence says the label means this concept, whatever its name's words.
            text = max(text, 1.05 * prepared.hinted[name])
            reasons.append("synonym table")
        score = text
        # The taxonomy's own statements: a small prior, enough to break near-ties of the words.
        statements = self.relations.statements.get(name, frozenset())
        if line.table_kind in statements:
            score += 0.05
            reasons.append(f"on {line.table_kind} statements")
        roles = self.relations.roles.get(name, 0)
        score += min(0.03, 0.01 * math.log1p(roles))
        for word in line.context_words:
            if word in entry.words:
                score += 0.15
                reasons.append(f"context {word}")
            elif _opposite(word) in entry.words:
                score -= 0.2
            elif word in ("current", "noncurrent") and entry.balance is not None:
                # A classified balance sheet: the concept without current/noncurrent is the unclassified one.
                score -= 0.06
        if prepared.expected_balance and entry.balance:
            score += 0.04 if entry.balance == prepared.expected_balance else -0.08
        if line.is_total:
            descendants = self.relations.descendants(name) if prepared.parts else frozenset()
            if prepared.parts and descendants:
                share = len(prepared.parts & descendants) / len(prepared.parts)
                if share:
                    score += 0.3 * share
                    reasons.append(f"sums {share:.0%} of the parts")
            elif name in self.relations.children:
                score += 0.03
        if line.negative and entry.balance == "debit" and not _deduction(line.label):
            # A debit item printed negative is rare outside deductions; a credit "income (loss)" is not.
            score -= 0.05
        return Suggestion(name, round(score, 4), tuple(reasons))

    def is_non_gaap(self, label: str) -> bool:
        """Whether a label names a company-defined measure (adjusted, EBITDA, pro forma ...)."""
        return bool(_NON_GAAP.search(_core(label)))

    def _readings(self, label: str) -> list[list[str]]:
        """The label's words, and the same words rewritten with the synonym table."""
        base = [w for w in words(_core(label)) if w not in _DECORATION]
        if not self.use_synonyms:
            return [base]
        text = " ".join(self.synonyms.words.get(w, w) for w in base)
        # One pass, longest phrase first at each place, so a replacement is never rewritten again.
        text = self._phrase_pattern().sub(lambda m: self.synonyms.phrases[m.group(0)], text)
        variant = [stem(w) for w in text.split()]
        return [base, variant] if variant != base else [base]

    def _phrase_pattern(self) -> re.Pattern[str]:
        if "phrases" not in self._memo:
            phrases = sorted(self.synonyms.phrases, key=len, reverse=True)
            self._memo["phrases"] = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b") \
                if phrases else re.compile(r"(?!x)x")
        return self._memo["phrases"]

    def _hints(self, label: str) -> set[str]:
        if not self.use_synonyms:
            return set()
        key = " ".join(w for w in words(_core(label)) if w not in ("less", "plus"))
        hint = self.synonyms.concepts.get(key)
        return {hint} if hint and hint in self.entries else set()

    def _text_score(self, label: Sequence[str], entry: _Entry) -> float:
        """How well the label's words and the concept's words cover each other (rare words count more).

        The same words weigh the same on both sides, so one intersection gives both coverages.
        """
        label_words = [w for w in dict.fromkeys(label) if w not in _STOPWORDS]
        if not label_words or not entry.unique:
            return 0.0
        weight = self.idf.get
        default = self.default_idf
        matched = [w for w in label_words if w in entry.word_set]
        if not matched:
            return 0.0
        common = sum(weight(w, default) for w in matched)
        recall = common / sum(weight(w, default) for w in label_words)
        qualifiers = self.synonyms.qualifiers if self.use_synonyms else frozenset()
        # The concept's weight counts its qualifiers lightly, but fully when the label prints them.
        concept_weight = entry.weight + sum(weight(w, default) * 0.7 for w in matched if w in qualifiers)
        precision = min(1.0, common / concept_weight)
        beta2 = 2.25  # recall counts more: concept names carry qualifiers labels leave out (Net, Current)
        score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
        # Words in the same order as printed: "cost of revenue" over "revenue ... cost".
        if len(matched) > 1:
            order = [entry.unique.index(w) for w in matched]
            if order == sorted(order):
                score += 0.03
        return score


def _core(label: str) -> str:
    """The part of a label that names the item: qualifying clauses and long notes left out.

    "Accounts receivable, net of allowance for doubtful accounts of $236 ..." → "Accounts receivable, net";
    "General and administrative (excluding non-cash compensation ...)" → "General and administrative".
    """
    text = re.sub(r"\(([^()]*)\)", lambda m: f" {m.group(1)} " if len(m.group(1).split()) <= 2 else " ", label)
    text = re.sub(r"\(.*$", " ", text)  # an unclosed note runs to the end
    text = re.sub(r"\b(net of|excluding|including|which includes|consisting of)\b.*$", r"\1", text, flags=re.I)
    text = re.sub(r"\b(of|excluding|including|which includes|consisting of)$", " ", text.strip(), flags=re.I)
    text = re.sub(r"\bnet of$", "net", text.strip(), flags=re.I)
    text = re.sub(r"\$\s*[\d,.]+", " ", text)
    text = re.sub(r"^\s*(less|plus|add|deduct)\b\s*:?\s*", " ", text, flags=re.I)
    # "Non-cash charges for stock-based compensation" is the compensation expense itself.
    text = re.sub(r"^\s*non-?cash\s+(charges?|expenses?)\s+(for|related\s+to|from)\s+", " ", text, flags=re.I)
    return " ".join(text.split())


def _deduction(label: str) -> bool:
    return bool(re.match(r"^\s*(less|deduct)\b", label, re.IGNORECASE))


def _opposite(word: str) -> str:
    return {"current": "noncurrent", "noncurrent": "current"}.get(word, "")


def _expected_balance(line: LineContext) -> str | None:
    """The balance the line's section implies (assets debit; liabilities, equity, revenue credit).

    From the label alone only on a balance sheet, where "Accrued expenses" is still a liability.
    """
    text = f"{line.heading} {line.label}" if line.heading else line.label
    for pattern, balance in _BALANCE_WORDS:
        if pattern.search(line.heading or ""):
            return balance
    for pattern, balance in _BALANCE_WORDS:
        if pattern.search(text):
            return balance if line.table_kind == "balance" else None
    return None


def build_suggester(catalog: Catalog, relations: Relations, synonyms: Synonyms | None = None,
                    use_synonyms: bool = True) -> Suggester:
    """Index a taxonomy's numeric concepts by the words of their names."""
    entries: dict[str, _Entry] = {}
    index: dict[str, list[str]] = defaultdict(list)
    document_frequency: dict[str, int] = defaultdict(int)
    for name, concept in catalog.concepts.items():
        if not concept.is_numeric or concept.abstract or concept.substitution_group != "xbrli:item":
            continue
        local = name.partition(":")[2]
        entry = _Entry(name, name_words(local), concept.kind, concept.period_type, concept.balance)
        entries[name] = entry
        for word in set(entry.words):
            index[word].append(name)
            document_frequency[word] += 1
    total = max(1, len(entries))
    idf = {word: math.log(1 + total / count) for word, count in document_frequency.items()}
    default = max(idf.values(), default=1.0)
    synonyms = synonyms if synonyms is not None else load_synonyms()
    # Qualifying words of names weigh little on the concept's side (when not printed in the label).
    qualifiers = synonyms.qualifiers if use_synonyms else frozenset()
    for name, entry in entries.items():
        unique = tuple(w for w in dict.fromkeys(entry.words) if w not in _STOPWORDS)
        entries[name] = replace(entry, unique=unique, word_set=frozenset(unique),
                                weight=sum(idf.get(w, default) * (0.3 if w in qualifiers else 1.0) for w in unique))
    return Suggester(entries, {k: tuple(v) for k, v in index.items()}, idf, relations, synonyms, use_synonyms,
                     default)


def load_suggester(packages: Sequence[str], profile_name: str = "us-gaap-2024", use_synonyms: bool = True) -> Suggester:
    """The suggester for a taxonomy profile, its concepts and statements read from the packages."""
    return _load_suggester(tuple(packages), profile_name, use_synonyms)


@lru_cache(maxsize=4)
def _load_suggester(packages: tuple[str, ...], profile_name: str, use_synonyms: bool) -> Suggester:
    profile = load_profile(profile_name)
    catalog = load_catalog(profile, packages)
    return build_suggester(catalog, load_relations(profile, packages), use_synonyms=use_synonyms)


def extension_name(label: str) -> str:
    """A name for a company-specific concept from its label: "Adjusted EBITDA loss" → ``AdjustedEbitda``,
    "Gross margin %" → ``GrossMarginPercent``."""
    text = _core(label).replace("%", " percent ")
    text = re.sub(r"\b(total)\b", " ", text, flags=re.IGNORECASE)
    parts = [w for w in re.findall(r"[A-Za-z0-9]+", text)]
    # The sign words of a result ("loss", "income (loss)") belong to the value, not the measure.
    while len(parts) > 1 and parts[-1].lower() in ("loss", "income", "gain", "profit"):
        parts.pop()
    name = "".join(p[:1].upper() + p[1:].lower() for p in parts)
    if not name or not name[0].isalpha():
        name = "Item" + name
    return name
