"""The template prevents mistakes: pre-filled or listed unit and period, strict lists, date
cells shown day first, a prompt on every header, a marked example row, and one page wide."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from ingestion.check.files import check_file
from ingestion.format.submission_format import EXAMPLE_MARK, INFO, TABLE_SHEETS
from ingestion.writing.template import DATE_FORMAT, write_template
from ingestion.writing.template_examples import EXAMPLES
from tests.libreoffice import convert


def _validations(sheet) -> list:
    return list(sheet.data_validations.dataValidation)


def test_unit_and_period_are_pre_filled_when_given(tmp_path, registry):
    workbook = load_workbook(
        write_template(tmp_path / "t.xlsx", registry, unit="bth-tuyphong", period="2025 - h1")
    )
    info = workbook[INFO.name]
    assert (info["B1"].value, info["B2"].value) == ("BTH-TUYPHONG", "2025-H1")


def test_without_them_unit_and_period_are_chosen_from_lists(tmp_path, registry):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx", registry))
    lists = {str(v.sqref): v for v in _validations(workbook[INFO.name]) if v.type == "list"}
    assert set(lists) == {"B1", "B2"}
    units_column = lists["B1"].formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    listed = [c.value for c in workbook["Danh mục"][units_column][1:] if c.value]
    assert sorted(listed) == sorted({u.unit_code for u in registry.units})
    assert {v.errorStyle for v in lists.values()} == {"stop"}


def test_only_the_award_form_list_lets_another_value_through_with_a_warning(tmp_path):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx"))
    for spec in TABLE_SHEETS:
        for validation in _validations(workbook[spec.name]):
            if validation.type != "list":
                continue
            letter = str(validation.sqref)[0]
            column = spec.columns[ord(letter) - ord("A")]
            assert validation.errorStyle == ("warning" if column.open_list else "stop")
            assert (validation.error and validation.error.startswith("Giá trị")) or validation.error


def test_dates_are_day_first_date_cells_with_a_date_check(tmp_path):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx"))
    sheet = workbook["Đăng ký"]
    assert sheet.column_dimensions["K"].number_format == DATE_FORMAT  # Ngày bắt đầu
    dates = [v for v in _validations(sheet) if v.type == "date"]
    assert [str(v.sqref) for v in dates] == ["K2:K5001"]
    assert workbook[INFO.name]["B3"].number_format == DATE_FORMAT


def test_every_header_has_an_input_prompt(tmp_path):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx"))
    for spec in TABLE_SHEETS:
        sheet = workbook[spec.name]
        prompted = {str(v.sqref) for v in _validations(sheet) if v.showInputMessage and v.prompt}
        assert {f"{chr(ord('A') + i)}1" for i in range(len(spec.columns))} <= prompted


def test_the_marked_example_row_is_skipped_and_counts_once_unmarked(tmp_path, registry):
    path = write_template(tmp_path / "t.xlsx", registry, unit="BTH-TUYPHONG", period="2025")
    workbook = load_workbook(path)
    workbook[INFO.name]["B3"] = "10/12/2025"
    workbook.save(path)
    marked = check_file(path, registry)
    assert marked.accepted, marked.findings
    assert all(len(frame) == 0 for frame in marked.tables.values())
    for spec in TABLE_SHEETS:
        mark = workbook[spec.name].cell(row=2, column=len(spec.columns) + 1)
        assert mark.value == EXAMPLE_MARK
        mark.value = None
    workbook.save(path)
    unmarked = check_file(path, registry)
    assert {k: len(v) for k, v in unmarked.tables.items()} == {k: 1 for k in EXAMPLES}
    assert unmarked.accepted, unmarked.findings


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_blank_form_prints_one_page_per_sheet_on_a4_landscape(tmp_path, registry):
    path = write_template(tmp_path / "mau.xlsx", registry)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            assert sheet.page_setup.orientation == "landscape"
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    visible = sum(sheet.sheet_state == "visible" for sheet in workbook.worksheets)
    pdf = convert(path, "pdf", tmp_path)
    assert _pages(pdf.read_bytes()) == visible == 6
