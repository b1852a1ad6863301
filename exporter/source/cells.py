"""Reading numbers as they are printed in financial tables: "$ 3,103", "(806)", "--", "61.5%"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_DASHES = {"-", "--", "---", "\u2013", "\u2014", "\u2014\u2014"}
_NUMBER = re.compile(
    r"""^
    (?P<open>\()?\s*
    (?P<currency1>\$)?\s*
    (?P<minus>-)?\s*
    (?P<open2>\()?\s*
    (?P<currency2>\$)?\s*
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?
    \s*(?P<percent>%)?
    \s*(?P<close>\))?
    \s*(?P<percent2>%)?
    $""",
    re.VERBOSE,
)


_SCALE_MARKER = re.compile(
    r"^[($\s-]*\d[\d,.]*\s*(?P<marker>[KkMmBb]|MM|mm|bn|BN|thousands?|millions?|billions?)\)?$")


@dataclass(frozen=True, slots=True)
class PrintedNumber:
    """A number as printed: its magnitude, sign and the precision it was printed with.

    ``value`` is the printed number itself (3,103 → 3103; 61.5% → 61.5; (0.07) → -0.07);
    ``fraction_digits`` is how many digits follow the decimal point. Scale and percent are applied
    by the mapping, which knows the table's scale and the concept's type.
    """

    value: Decimal
    fraction_digits: int
    percent: bool = False
    nil: bool = False
    footnotes: str = ""
    text: str = ""

    @property
    def negative(self) -> bool:
        return self.value < 0


class CellError(ValueError):
    """The cell text is not a printed number."""


# The common forms (1,234  (1,234)  0.07  61.5%) written without spaces, signs or footnote marks:
# read directly, since a large report has hundreds of thousands of cells. Whatever this does not
# match in full goes through the general parse below, which gives the same result for these.
_PLAIN = re.compile(r"(\(?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)(\)?)")


def parse_cell(text: str) -> PrintedNumber | None:
    """Parse one printed cell; ``None`` when nothing is printed or only a footnote mark.

    Raises ``CellError`` with what was found and what is expected for anything else.
    """
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        opened, digits, fraction, percent, closed = plain.groups()
        if opened == closed.replace(")", "("):  # balanced; an unbalanced one gets its error below
            magnitude = Decimal(digits.replace(",", "") + ("." + fraction if fraction else ""))
            # Positional: keywords make the object take twice as long to build.
            return PrintedNumber(-magnitude if opened else magnitude, len(fraction) if fraction else 0,
                                 bool(percent), False, "", text)
    raw = " ".join(text.split())
    if not raw:
        return None
    body = raw.rstrip("*").rstrip()
    footnotes = raw[len(body):].replace(" ", "")
    if not body:
        return None
    if body in _DASHES:
        return PrintedNumber(Decimal(0), 0, nil=True, footnotes=footnotes, text=raw)
    marker = _SCALE_MARKER.match(body)
    if marker:
        raise CellError(f"{raw!r} carries its own scale marker {marker['marker']!r}; print the number as the "
                        "table does and give the table's scale in its YAML (scale: 3 for thousands, 6 for millions)")
    match = _NUMBER.match(body)
    if not match:
        raise CellError(f"{raw!r} is not a printed number; expected e.g. 1,234  (1,234)  $ 1,234  "
                        "--  12.5%  (0.07), or * for a footnote without a value")
    opened = bool(match["open"] or match["open2"])
    if opened != bool(match["close"]):
        raise CellError(f"{raw!r} has an unbalanced parenthesis")
    if match["currency1"] and match["currency2"]:
        raise CellError(f"{raw!r} has two currency signs")
    if opened and match["minus"]:
        raise CellError(f"{raw!r} is negative twice: parentheses and a minus sign")
    fraction = match["fraction"] or ""
    magnitude = Decimal(match["digits"].replace(",", "") + ("." + fraction if fraction else ""))
    negative = opened or bool(match["minus"])
    return PrintedNumber(
        value=-magnitude if negative else magnitude,
        fraction_digits=len(fraction),
        percent=bool(match["percent"] or match["percent2"]),
        footnotes=footnotes,
        text=raw,
    )
