"""Reading report sources: schema errors name the file, line and field; one class per function."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exporter.errors import SourceError
from exporter.source import fiscal_period, read_source
from tests.sources import BALANCE_CSV, INCOME_CSV, INCOME_YAML, REPORT, write_source


def error_of(folder: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_source(folder)
    return str(caught.value)


class TestFiscalPeriod:
    def test_first_quarter_of_a_july_year(self) -> None:
        assert fiscal_period("FY2004 Q1", "--07-31") == (dt.date(2003, 8, 1), dt.date(2003, 10, 31))

    def test_quarter_crossing_the_calendar_year(self) -> None:
        assert fiscal_period("FY2003 Q2", "--07-31") == (dt.date(2002, 11, 1), dt.date(2003, 1, 31))

    def test_whole_year_and_half(self) -> None:
        assert fiscal_period("FY2004", "--07-31") == (dt.date(2003, 8, 1), dt.date(2004, 7, 31))
        assert fiscal_period("FY2024 H2", "--12-31") == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))


class TestReadSource:
    def test_valid_source(self, tmp_path: Path) -> None:
        source = read_source(write_source(tmp_path))
        assert source.name == "ex-20241231"
        assert [t.id for t in source.tables] == ["income", "balance"]
        income = source.tables[0]
        assert [line.id for line in income.lines][:3] == ["widgets", "revenue", "costs"]
        assert income.line("interest").mapping.sign == "negate"
        assert source.period("FY2024").start == dt.date(2024, 1, 1)
        assert source.period("AsOf2024").is_instant

    def test_example_reads(self) -> None:
        from tests.conftest import EXAMPLE

        source = read_source(EXAMPLE)
        assert len(source.tables) == 9
        assert {p.what for p in source.placeholders} >= {"entity identifier", "dei:DocumentType"}

    def test_missing_required_field(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("currency: USD\n", ""))
        assert error_of(tmp_path).startswith(tmp_path.name + "/report.yaml:1")
        assert "missing required field 'currency'" in error_of(tmp_path)

    def test_unknown_field_names_line_and_field(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("  title: Example", "  titel: Example"))
        message = error_of(tmp_path)
        assert f"{tmp_path.name}/report.yaml:4 (field document.titel)" in message
        assert "unknown field 'titel'" in message

    def test_wrong_type(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("scale: 3", "scale: thousands"))
        message = error_of(tmp_path)
        assert f"{tmp_path.name}/tables/income.yaml:3 (field scale)" in message
        assert "expected integer" in message

    def test_enum(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("sign: negate", "sign: flip"))
        message = error_of(tmp_path)
        assert "tables/income.yaml:20 (field rows.interest.sign)" in message
        assert "'flip' is not allowed; expected one of: as_printed, negate" in message

    def test_malformed_yaml(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("currency: USD", "currency: [USD"))
        message = error_of(tmp_path)
        assert "report.yaml:" in message and "malformed YAML" in message

    def test_duplicate_key(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("currency: USD", "currency: USD\ncurrency: EUR"))
        assert "report.yaml:11: duplicate key 'currency'" in error_of(tmp_path)

    def test_undefined_period(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("period: FY2023", "period: FY2022"))
        message = error_of(tmp_path)
        assert "tables/income.yaml:6 (field columns[1].period): unknown period 'FY2022'" in message
        assert "AsOf2024, FY2023, FY2024" in message

    def test_text_in_number_cell(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_csv=INCOME_CSV.replace("(20)", "twenty"))
        message = error_of(tmp_path)
        assert "tables/income.csv:6 (column FY2024): 'twenty' is not a printed number" in message

    def test_duplicate_line_id(self, tmp_path: Path) -> None:
        write_source(tmp_path, balance_csv=BALANCE_CSV + 'cash,0,Cash again,"1"\n')
        assert "tables/balance.csv:3 (column id): duplicate line id 'cash' (first on line 2)" in error_of(tmp_path)

    def test_csv_header_must_match_columns(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_csv=INCOME_CSV.replace("FY2024,FY2023", "FY2023,FY2024", 1))
        message = error_of(tmp_path)
        assert "tables/income.csv:1: header is 'id,indent,label,FY2023,FY2024'" in message

    def test_csv_wrong_field_count(self, tmp_path: Path) -> None:
        write_source(tmp_path, balance_csv=BALANCE_CSV + "other,0,Other\n")
        assert "tables/balance.csv:3: 3 fields; expected 4" in error_of(tmp_path)

    def test_mapped_row_missing_from_csv(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_csv=INCOME_CSV.replace("eps,1,Earnings per share,$ 0.12,(0.05)\n", ""))
        assert "tables/income.yaml:21 (field rows.eps): row 'eps' is mapped but" in error_of(tmp_path)

    def test_listed_table_missing(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("tables: [income, balance]", "tables: [income, cash_flow]"))
        assert "table 'cash_flow' is listed but" in error_of(tmp_path)

    def test_total_names_unknown_row(self, tmp_path: Path) -> None:
        write_source(tmp_path, income_yaml=INCOME_YAML.replace("total: [revenue, costs]", "total: [revenue, cost]"))
        assert "total of 'operating_income' names row 'cost', which is not in the table" in error_of(tmp_path)

    def test_not_a_folder(self, tmp_path: Path) -> None:
        assert "not a folder" in error_of(tmp_path / "nowhere")

    def test_yaml_alias_bomb_is_refused(self, tmp_path: Path) -> None:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in "bcdefgh":
            previous = chr(ord(level) - 1)
            bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, " \
                    f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        write_source(tmp_path, report=bomb)
        assert "too large" in error_of(tmp_path)

    def test_python_tags_are_not_executed(self, tmp_path: Path) -> None:
        write_source(tmp_path, report=REPORT.replace("currency: USD", "currency: !!python/object/apply:os.system [x]"))
        assert "unsupported YAML tag" in error_of(tmp_path)


class TestLimits:
    def test_oversized_file_is_refused_with_a_message(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from exporter.source import reader

        write_source(tmp_path, income_csv=INCOME_CSV + "".join(f"x{i},0,Line {i},1,2\n" for i in range(200)))
        monkeypatch.setattr(reader, "MAX_FILE_BYTES", 2_000)
        message = error_of(tmp_path)
        assert "tables/income.csv: file is" in message and "a source file may have at most 2,000" in message
