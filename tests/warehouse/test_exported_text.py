"""What the project writes for spreadsheets holds no live formula; names show what they hide."""

import csv
import sys
import unicodedata

import duckdb
import pytest

from warehouse.deadline_report import DeadlineReport, _write, report_path
from warehouse.exported_text import spreadsheet_safe, spreadsheet_safe_sql, visible_name

HOSTILE = [
    '=HYPERLINK("http://example.invalid","bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet does with a CSV cell: strip a leading tab or CR, then look at it."""
    return cell.lstrip("\t\r ").startswith(("=", "+", "-", "@")) and not cell.startswith("'")


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert spreadsheet_safe(text) == "'" + text
    assert not runs_as_formula(spreadsheet_safe(text))


@pytest.mark.parametrize("value", ["Lò đốt rác", "a=b", "", None, -5, 3.5, "1.635"])
def test_other_values_are_written_as_they_are(value):
    assert spreadsheet_safe(value) == value


def test_duckdb_escapes_exactly_the_cells_python_escapes():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    texts = [*HOSTILE, "Lò đốt rác", "a=b", "", "it's", "\u200b=1", "\n", "\t", " x"]
    texts += [space + start for space in spaces for start in ("=1", "x")]
    with duckdb.connect() as con:
        (escaped,) = con.execute(
            f"select list_transform(?, lambda text: {spreadsheet_safe_sql('text')})", [texts]
        ).fetchone()
    assert escaped == [spreadsheet_safe(text) for text in texts]


def test_a_name_is_stored_composed_with_its_hidden_characters_spelled_out():
    name = unicodedata.normalize("NFD", "Báo cáo\u202excod.xlsx\n\x01")
    assert visible_name(name) == "Báo cáo⟨U+202E⟩xcod.xlsx⟨U+000A⟩⟨U+0001⟩"
    assert unicodedata.is_normalized("NFC", visible_name(name))


def test_the_deadline_list_escapes_names_from_the_registries(ws):
    row = {"unit_name": HOSTILE[0], "province_name": HOSTILE[1], "rejected_files": 1}
    row |= {"unit_code": "@X", "status": "missing", "submitted_on": ""}
    _write(ws, DeadlineReport("2023", 1, 0, [row], []))
    with report_path(ws, "2023").open(encoding="utf-8", newline="") as handle:
        cells = [cell for line in csv.reader(handle) for cell in line]
    assert "'" + HOSTILE[0] in cells and "'@X" in cells
    assert not any(runs_as_formula(cell) for cell in cells)
