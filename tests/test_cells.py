"""Reading printed cells: one test class per parse function."""

from decimal import Decimal

import pytest

from exporter.source.cells import CellError, parse_cell


class TestParseCell:
    @pytest.mark.parametrize(
        ("text", "value", "fraction_digits"),
        [
            ("$ 3,103", Decimal("3103"), 0),
            ("3,103", Decimal("3103"), 0),
            ("(806)", Decimal("-806"), 0),
            ("($  818)", Decimal("-818"), 0),
            ("$ (818)", Decimal("-818"), 0),
            ("(0.07)", Decimal("-0.07"), 2),
            ("13,797,567", Decimal("13797567"), 0),
            ("-12.5", Decimal("-12.5"), 1),
            ("0", Decimal("0"), 0),
        ],
    )
    def test_numbers(self, text: str, value: Decimal, fraction_digits: int) -> None:
        number = parse_cell(text)
        assert number is not None
        assert number.value == value
        assert number.fraction_digits == fraction_digits
        assert not number.nil and not number.percent

    def test_percent_keeps_printed_value(self) -> None:
        number = parse_cell("61.5%")
        assert number is not None
        assert (number.value, number.percent, number.fraction_digits) == (Decimal("61.5"), True, 1)

    @pytest.mark.parametrize("text", ["--", "-", "\u2014"])
    def test_dash_is_nil_zero(self, text: str) -> None:
        number = parse_cell(text)
        assert number is not None
        assert number.nil and number.value == 0

    @pytest.mark.parametrize("text", ["", "   ", "*", " ** "])
    def test_no_value(self, text: str) -> None:
        assert parse_cell(text) is None

    def test_footnote_mark_after_number(self) -> None:
        number = parse_cell("1,234*")
        assert number is not None
        assert (number.value, number.footnotes) == (Decimal("1234"), "*")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("abc", "is not a printed number"),
            ("12,34", "is not a printed number"),
            ("(806", "unbalanced parenthesis"),
            ("$$5", "two currency signs"),
            ("(-5)", "negative twice"),
            ("1.2.3", "is not a printed number"),
        ],
    )
    def test_rejects_text(self, text: str, message: str) -> None:
        with pytest.raises(CellError, match=message):
            parse_cell(text)

    def test_value_is_decimal_exactly(self) -> None:
        number = parse_cell("0.10")
        assert number is not None
        assert isinstance(number.value, Decimal) and str(number.value) == "0.10"
