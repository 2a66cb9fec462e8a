"""The submission workbook that offices fill in (`dvk template OUT.xlsx [--unit] [--period]`).

Written from `submission_format`, so the template always matches what the readers expect, and
built to prevent mistakes before a receipt has to report them: the unit and the period are
pre-filled or chosen from lists of the registries; every coded column has a list that refuses
other values (except where the contract allows others with a warning); dates are date cells shown
day first whatever the PC's locale; every header explains itself when selected; one example row
per sheet, marked as such, that the readers skip while the mark stays. Lists live on a hidden
`Danh mục` sheet (an inline list is limited to 255 characters); readers skip both helper sheets.
Each sheet prints on A4 landscape, one page wide.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ingestion.format.periods import Period
from ingestion.format.submission_format import (
    EXAMPLE_MARK,
    INFO,
    TABLE_SHEETS,
    TEMPLATE_ONLY_SHEETS,
    Column,
    Sheet,
)
from ingestion.reference.registry import Registry, Unit
from ingestion.writing.template_choices import (
    TemplateError as TemplateError,  # what the callers of `write_template` catch
)
from ingestion.writing.template_choices import (
    known_period,
    known_unit,
    offered_periods,
    offered_units,
)
from ingestion.writing.template_examples import EXAMPLES
from ingestion.writing.template_hints import LIST_HEADINGS, hint
from ingestion.writing.template_print import (
    print_setup,
    signature_block,
    whose,
    wrap_wide_columns,
)
from warehouse.exported_text import spreadsheet_safe

INSTRUCTIONS, LISTS = TEMPLATE_ONLY_SHEETS
DATA_ROWS = 5000
"""Rows below the header that the lists, formats and checks cover."""
DATE_FORMAT = "dd/mm/yyyy"
_FIRST_DATE, _LAST_DATE = dt.date(1950, 1, 1), dt.date(2100, 12, 31)
_HEADER = Font(bold=True)
_EXAMPLE = Font(italic=True, color="808080")
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")
_LIST_ERROR = ("Giá trị không hợp lệ", "Hãy chọn một giá trị trong danh sách thả xuống.")
_OPEN_LIST_WARNING = (
    "Giá trị ngoài danh sách",
    "Giá trị này không có trong danh sách; báo cáo vẫn được nhận kèm cảnh báo. Giữ lại?",
)

GUIDE = (
    "MẪU BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
    "",
    "1. Trang “Thông tin” là bắt buộc: chọn mã đơn vị và kỳ báo cáo (2023, 2023-H1, 2023-Q1...),"
    " ghi ngày gửi. Khi gửi bản sửa, ghi Phiên bản 2, 3...",
    "2. Các trang “Đăng ký”, “Công nhận”, “Khen thưởng”, “Tổng hợp”: mỗi dòng một mô hình,"
    " một quyết định hoặc một chỉ tiêu. Trang nào không có số liệu thì để trống.",
    "3. Cột tô màu là bắt buộc. Cột có danh sách thả xuống: chọn trong danh sách."
    " Chọn một ô tên cột để xem hướng dẫn của cột đó.",
    "4. Ngày ghi theo kiểu ngày/tháng/năm, ví dụ 05/03/2023.",
    f"5. Dòng in nghiêng có chữ “{EXAMPLE_MARK}” là dòng ví dụ và không được tính; có thể xóa"
    " hoặc ghi đè (khi ghi đè, xóa cả chữ đánh dấu).",
    "6. Không đổi tên trang tính và tên cột; có thể thêm dòng tiêu đề phía trên dòng tên cột.",
    "7. Dùng phông chữ Unicode (không dùng TCVN3/VNI).",
)


def write_template(
    path: Path,
    registry: Registry | None = None,
    unit: str | None = None,
    period: str | None = None,
) -> Path:
    """The workbook; with `unit`/`period` its Thông tin sheet is pre-filled, else those two cells
    get drop-down lists (`template_choices`: the units valid in the period, or today, beside
    their names; the periods that have begun)."""
    registry = registry or Registry([])
    chosen = known_period(period) if period is not None else None
    named = known_unit(registry, unit, chosen) if unit is not None else None
    workbook = Workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    print_setup(guide)
    owner = whose(
        named.unit_code if named else None,
        named.unit_name if named else None,
        chosen.code if chosen else None,
    )

    lists = workbook.create_sheet(LISTS)
    ranges = _write_lists(lists, offered_units(registry, chosen, dt.date.today()))
    _write_info(workbook.create_sheet(INFO.name), named, chosen, ranges, owner)
    for spec in TABLE_SHEETS:
        _write_table(workbook.create_sheet(spec.name), spec, ranges, owner)
    lists.sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index(INFO.name)
    workbook.save(path)
    return path


def _write_info(
    sheet: Worksheet,
    unit: Unit | None,
    period: Period | None,
    ranges: dict[str, str],
    owner: str,
) -> None:
    for number, column in enumerate(INFO.columns, start=1):
        label = sheet.cell(row=number, column=1, value=column.header)
        label.font = _HEADER
        value = sheet.cell(row=number, column=2)
        if column.required:
            value.fill = _REQUIRED
        _prompt(sheet, f"A{number}", INFO.key, column)
        where = f"B{number}"
        if column.key == "unit_code":
            name = sheet.cell(row=number, column=3)
            name.font = _EXAMPLE
            if unit is not None:
                value.value = spreadsheet_safe(unit.unit_code)
                name.value = spreadsheet_safe(unit.unit_name)
            elif "unit_code" in ranges:
                _list(sheet, where, ranges["unit_code"], column, strict=True)
                # The chosen unit's name beside it (the readers take columns A and B only).
                name.value = f'=IFERROR(VLOOKUP({where},{ranges["unit_table"]},2,FALSE),"")'
        elif column.key == "period":
            if period is not None:
                value.value = period.code
            else:
                _list(sheet, where, ranges["period"], column, strict=True)
        elif column.is_date:
            value.number_format = DATE_FORMAT
            _date_check(sheet, where, column)
        elif column.key == "version":
            _number(sheet, where, column, 1, 999)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 40
    signature_block(sheet, len(INFO.columns) + 3)
    print_setup(sheet, INFO.name, owner)


def _write_table(sheet: Worksheet, spec: Sheet, ranges: dict[str, str], owner: str) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            cell.fill = _REQUIRED
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        _prompt(sheet, f"{letter}1", spec.key, column)
        data = f"{letter}2:{letter}{DATA_ROWS + 1}"
        if column.vocabulary is not None:
            _list(sheet, data, ranges[column.vocabulary.name], column, strict=not column.open_list)
        elif column.is_date:
            # A column style, not 5,000 styled cells: new entries take it, and the print range
            # stays the rows that hold something.
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            _date_check(sheet, data, column)
        elif column.is_integer:
            _number(sheet, data, column, 0, 10**9)
        elif column.is_decimal:
            _number(sheet, data, column, 0, 10**9, kind="decimal")
    wrap_wide_columns(sheet, [column.key for column in spec.columns])
    _write_example(sheet, spec)
    sheet.freeze_panes = "A2"
    print_setup(sheet, spec.name, owner)
    sheet.print_title_rows = "1:1"


def _write_example(sheet: Worksheet, spec: Sheet) -> None:
    """Row 2: an example the readers skip while the mark beside it stays."""
    example = EXAMPLES[spec.key]
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=2, column=index, value=example.get(column.key))
        cell.font = _EXAMPLE
        if column.is_date:
            cell.number_format = DATE_FORMAT
    mark = sheet.cell(row=2, column=len(spec.columns) + 1, value=EXAMPLE_MARK)
    mark.font = _EXAMPLE
    sheet.column_dimensions[get_column_letter(len(spec.columns) + 1)].width = 22


def _write_lists(sheet: Worksheet, units: list[Unit]) -> dict[str, str]:
    """One column per list, its values below its name; returns name → absolute range, and
    `unit_table`: the unit codes with their names in the column after them."""
    lists: dict[str, list[str]] = {}
    for spec in TABLE_SHEETS:
        for column in spec.columns:
            if column.vocabulary is not None:
                lists.setdefault(column.vocabulary.name, column.vocabulary.labels())
    lists["period"] = offered_periods(dt.date.today())
    if units:
        lists["unit_code"] = [u.unit_code for u in units]
        lists["unit_name"] = [u.unit_name for u in units]
    ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=LIST_HEADINGS.get(name, name))
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=spreadsheet_safe(value))
        ranges[name] = f"'{LISTS}'!${letter}$2:${letter}${len(values) + 1}"
    if units:
        names = ranges["unit_name"].split("!")[1].split(":")[1]
        ranges["unit_table"] = ranges["unit_code"].split(":")[0] + ":" + names
    return ranges


def _prompt(sheet: Worksheet, where: str, sheet_key: str, column: Column) -> None:
    """The input message Excel and LibreOffice show when the header cell is selected, in
    Vietnamese (`template_hints`)."""
    needed = "Bắt buộc" if column.required else "Không bắt buộc"
    text = f"{needed}: {hint(sheet_key, column.key, column.header)}"
    if column.vocabulary is not None:
        text += ". Chọn trong danh sách."
    elif column.is_date:
        text += ". Ngày/tháng/năm, ví dụ 05/03/2023."
    validation = DataValidation(
        showInputMessage=True, promptTitle=column.header[:32], prompt=text[:255]
    )
    sheet.add_data_validation(validation)
    validation.add(where)


def _list(sheet: Worksheet, where: str, source: str, column: Column, *, strict: bool) -> None:
    title, message = _LIST_ERROR if strict else _OPEN_LIST_WARNING
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=not column.required,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=message,
    )
    sheet.add_data_validation(validation)
    validation.add(where)


def _date_check(sheet: Worksheet, where: str, column: Column) -> None:
    first, last = (f"DATE({d.year},{d.month},{d.day})" for d in (_FIRST_DATE, _LAST_DATE))
    validation = DataValidation(
        type="date",
        operator="between",
        formula1=first,
        formula2=last,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ngày không hợp lệ",
        error="Hãy nhập ngày theo kiểu ngày/tháng/năm, ví dụ 05/03/2023.",
    )
    sheet.add_data_validation(validation)
    validation.add(where)


def _number(
    sheet: Worksheet, where: str, column: Column, low: int, high: int, kind: str = "whole"
) -> None:
    validation = DataValidation(
        type=kind,
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số không hợp lệ",
        error=f"Hãy nhập một số {'nguyên ' if kind == 'whole' else ''}từ {low} đến {high}.",
    )
    sheet.add_data_validation(validation)
    validation.add(where)
