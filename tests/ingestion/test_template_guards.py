"""The template prevents mistakes: pre-filled or listed unit and period, strict lists, date
cells shown day first, a prompt on every header, a marked example row, and one page wide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from ingestion.check.files import check_file
from ingestion.format.periods import parse_period
from ingestion.format.submission_format import EXAMPLE_MARK, INFO, TABLE_SHEETS
from ingestion.writing.template import DATE_FORMAT, TemplateError, write_template
from ingestion.writing.template_examples import EXAMPLES
from tests.libreoffice import convert, pdf_pages


def _validations(sheet) -> list:
    return list(sheet.data_validations.dataValidation)


def test_unit_and_period_are_pre_filled_when_given(tmp_path, registry):
    workbook = load_workbook(
        write_template(tmp_path / "t.xlsx", registry, unit="bth-tuyphong", period="2025 - h1")
    )
    info = workbook[INFO.name]
    assert (info["B1"].value, info["B2"].value) == ("BTH-TUYPHONG", "2025-H1")


def _listed(workbook, cell: str) -> list:
    lists = {str(v.sqref): v for v in _validations(workbook[INFO.name]) if v.type == "list"}
    column = lists[cell].formula1.split("!")[1].split(":")[0].replace("$", "")
    column = "".join(c for c in column if c.isalpha())
    return [c.value for c in workbook["Danh mục"][column][1:] if c.value]


def test_without_them_unit_and_period_are_chosen_from_lists(tmp_path, registry):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx", registry))
    lists = {str(v.sqref): v for v in _validations(workbook[INFO.name]) if v.type == "list"}
    assert set(lists) == {"B1", "B2"}
    assert {v.errorStyle for v in lists.values()} == {"stop"}
    # The units of today (the district committees ended with the 2025 reform), each with its
    # name beside it, shown next to the chosen code.
    today = dt.date.today()
    listed = _listed(workbook, "B1")
    valid = {u.unit_code for u in registry.units if u.valid_to is None or u.valid_to >= today}
    assert sorted(listed) == sorted(valid) and "LAMDONG-LAGI" in listed
    assert "BTH-LAGI" not in listed
    names = workbook["Danh mục"]
    row = next(r for r in names.iter_rows(values_only=True) if "LAMDONG-LAGI" in r)
    assert row[row.index("LAMDONG-LAGI") + 1] == "Đảng ủy phường La Gi"
    assert workbook[INFO.name]["C1"].value.startswith("=IFERROR(VLOOKUP(B1,")
    # Periods that have begun, the newest year first, a year before its halves and quarters.
    periods = _listed(workbook, "B2")
    last = today.year - 1
    assert periods[0] == str(today.year)
    at = periods.index(str(last))
    kinds = ["", "-H2", "-H1", "-Q4", "-Q3", "-Q2", "-Q1"]
    assert periods[at : at + 7] == [f"{last}{kind}" for kind in kinds]
    assert all(parse_period(p).start <= today for p in periods)
    assert f"{today.year + 1}" not in periods


def test_a_period_lists_the_units_valid_in_it_and_a_unit_not_valid_then_is_refused(
    tmp_path, registry
):
    workbook = load_workbook(write_template(tmp_path / "t.xlsx", registry, period="2023"))
    listed = _listed(workbook, "B1")
    assert "BTH-LAGI" in listed and "LAMDONG-LAGI" not in listed
    with pytest.raises(TemplateError, match=r"BTH-LAGI \(Thị ủy La Gi\) is not valid in 2026"):
        write_template(tmp_path / "u.xlsx", registry, unit="BTH-LAGI", period="2026")
    path = write_template(tmp_path / "v.xlsx", registry, unit="LAMDONG-LAGI", period="2026-H1")
    info = load_workbook(path)[INFO.name]
    assert [info[c].value for c in ("B1", "C1", "B2")] == [
        "LAMDONG-LAGI", "Đảng ủy phường La Gi", "2026-H1"
    ]  # fmt: skip


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
    # In Vietnamese, whole: not the format's English descriptions.
    prompts = {
        (spec.name, str(v.sqref)): v.prompt
        for spec in [INFO, *TABLE_SHEETS]
        for v in _validations(workbook[spec.name])
        if v.showInputMessage
    }
    assert prompts[INFO.name, "A1"] == "Bắt buộc: mã đơn vị báo cáo, chọn trong danh sách"
    english = re.compile(r"\b(the|of|date|integer|number|required|model|or|a)\b")
    assert [p for p in prompts.values() if english.search(p)] == []
    headings = [c.value for c in workbook["Danh mục"][1] if c.value]
    assert "Lĩnh vực" in headings and "Kỳ báo cáo" in headings
    assert [h for h in headings if h.isascii()] == []
    guide = [c.value for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value]
    assert guide and [line for line in guide if english.search(line)] == []
    marks = {workbook[s.name].cell(row=2, column=len(s.columns) + 1).value for s in TABLE_SHEETS}
    assert marks == {"DÒNG VÍ DỤ"}


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
    # A template made before the mark was Vietnamese only: its rows are still the example.
    for spec in TABLE_SHEETS:
        workbook[spec.name].cell(row=2, column=len(spec.columns) + 1).value = "dòng ví dụ / Example"
    workbook.save(path)
    assert all(len(frame) == 0 for frame in check_file(path, registry).tables.values())


def test_the_blank_form_prints_one_page_per_sheet_on_a4_landscape(tmp_path, registry):
    path = write_template(tmp_path / "mau.xlsx", registry)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            assert sheet.page_setup.orientation == "landscape"
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    visible = sum(sheet.sheet_state == "visible" for sheet in workbook.worksheets)
    pdf = convert(path, "pdf", tmp_path)
    assert pdf_pages(pdf.read_bytes()) == visible == 8
    # Each form sheet's page says what it is and whose, numbered, with gridlines; Thông tin
    # ends with the signatures.
    for sheet in workbook.worksheets[2:]:
        assert sheet.oddHeader.center.text == "BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”"
        assert sheet.oddHeader.left.text == sheet.title
        assert sheet.oddFooter.center.text == "Trang &P/&N" and sheet.print_options.gridLines
    info = workbook[INFO.name]
    assert info.oddHeader.right.text.startswith("Đơn vị: ....")
    signed = [c.value for row in info.iter_rows(min_col=3, max_col=4) for c in row if c.value]
    assert "NGƯỜI LẬP BIỂU" in signed and "THỦ TRƯỞNG ĐƠN VỊ" in signed
    model_name = next(i for i, c in enumerate(TABLE_SHEETS[0].columns) if c.key == "model_name")
    names = workbook[TABLE_SHEETS[0].name].column_dimensions[chr(ord("A") + model_name)]
    assert names.width >= 40 and names.alignment.wrap_text
    filled = load_workbook(write_template(tmp_path / "lagi.xlsx", registry, "LAMDONG-LAGI"))
    assert filled[INFO.name].oddHeader.right.text == "Đảng ủy phường La Gi (LAMDONG-LAGI)"
