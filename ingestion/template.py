"""The blank submission workbook that offices fill in (`dvk template OUT.xlsx`).

Written from `submission_format`, so the template always matches what the readers expect:
every sheet with its Vietnamese headers, drop-down lists for the coded columns, and a sheet of
instructions. The lists live on a hidden `Danh mục` sheet (an inline list is limited to 255
characters); readers skip both helper sheets.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ingestion.submission_format import INFO, TABLE_SHEETS, TEMPLATE_ONLY_SHEETS, Column
from ingestion.vocabulary import Vocabulary

INSTRUCTIONS, LISTS = TEMPLATE_ONLY_SHEETS
DATA_ROWS = 500
_HEADER = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")

GUIDE = (
    "MẪU BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
    "",
    "1. Trang “Thông tin” là bắt buộc: ghi mã đơn vị, kỳ báo cáo (2023, 2023-H1, 2023-Q1...),"
    " ngày gửi. Khi gửi bản sửa, ghi Phiên bản 2, 3...",
    "2. Các trang “Đăng ký”, “Công nhận”, “Khen thưởng”, “Tổng hợp”: mỗi dòng một mô hình,"
    " một quyết định hoặc một chỉ tiêu. Trang nào không có số liệu thì để trống.",
    "3. Cột tô màu là bắt buộc. Cột có danh sách thả xuống: chọn trong danh sách.",
    "4. Ngày ghi theo kiểu ngày/tháng/năm, ví dụ 05/03/2023.",
    "5. Không đổi tên trang tính và tên cột; có thể thêm dòng tiêu đề phía trên dòng tên cột.",
    "6. Dùng phông chữ Unicode (không dùng TCVN3/VNI).",
    "",
    "The template of the submission format: Thông tin is required; other sheets may stay"
    " empty. Shaded columns are required; dates are day first.",
)


def write_template(path: Path) -> Path:
    workbook = Workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120

    lists = workbook.create_sheet(LISTS)
    ranges = _write_lists(lists)

    info = workbook.create_sheet(INFO.name)
    for number, column in enumerate(INFO.columns, start=1):
        label = info.cell(row=number, column=1, value=column.header)
        label.font = _HEADER
        if column.required:
            info.cell(row=number, column=2).fill = _REQUIRED
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 30

    for spec in TABLE_SHEETS:
        sheet = workbook.create_sheet(spec.name)
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = _HEADER
            if column.required:
                cell.fill = _REQUIRED
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
            if column.vocabulary is not None:
                _add_list(sheet, letter, column, ranges[column.vocabulary.name])
        sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index(INFO.name)
    workbook.save(path)
    return path


def _write_lists(sheet) -> dict[str, str]:
    """One column per vocabulary, its labels below its name; returns name → absolute range."""
    vocabularies: dict[str, Vocabulary] = {}
    for spec in TABLE_SHEETS:
        for column in spec.columns:
            if column.vocabulary is not None:
                vocabularies.setdefault(column.vocabulary.name, column.vocabulary)
    ranges = {}
    for index, (name, vocabulary) in enumerate(vocabularies.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        labels = vocabulary.labels()
        for row, label in enumerate(labels, start=2):
            sheet.cell(row=row, column=index, value=label)
        ranges[name] = f"'{LISTS}'!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _add_list(sheet, letter: str, column: Column, source: str) -> None:
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=not column.required,
        showErrorMessage=not column.open_list,
        errorTitle="Giá trị không hợp lệ",
        error="Hãy chọn một giá trị trong danh sách.",
    )
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
