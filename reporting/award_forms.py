"""The Home Affairs award-statistics forms of one statistical year as a workbook, one sheet per
form in force, in the form's own layout: form code, circular, reporting and receiving bodies and
due date; title and year; the lettered and numbered column heads (A, B, C, 1, 2…); each row with
its code and unit; the cells from `mart_award_form_cells` (a province's, or every province's
summed for the nation); rows dvk does not hold shaded and empty; the signature block. A sheet
`Truy vết` gives, for every cell that counts awards, the `dvk explain` commands that list them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from warehouse.exported_text import spreadsheet_safe

FONT = "Times New Roman"
NOT_HELD = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LETTERS = ("A", "B", "C")
"""The form's own heads of its label, code and unit columns."""


class FormsError(ValueError):
    """Nothing to lay out: no award of that statistical year, or no such province."""


@dataclass(frozen=True)
class Scope:
    year: int
    province_code: str | None
    """None: the nation, every province summed."""
    reporting_body: str

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year - 1, 12, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 11, 30)


@dataclass(frozen=True)
class Cell:
    form_code: str
    row_code: str
    column_code: str
    awards: int | None


def forms_scope(con: duckdb.DuckDBPyConnection, year: int, province: str | None) -> Scope:
    if province is None:
        return Scope(year, None, "Toàn quốc")
    found = con.execute(
        "select any_value(province_name) from mart_award_statistics where province_code = ?",
        [province],
    ).fetchone()[0]
    if found is None:
        known = con.execute(
            "select string_agg(distinct province_code, ', ' order by province_code) "
            "from mart_award_statistics"
        ).fetchone()[0]
        raise FormsError(
            f"province {province}: no award in the published marts; provinces with awards: "
            f"{known or 'none'}"
        )
    return Scope(year, province, found)


def write_forms(con: duckdb.DuckDBPyConnection, scope: Scope, out: Path) -> list[str]:
    """The forms in force for `scope`'s statistical year; returns their codes."""
    where, parameters = "statistical_year = ?", [scope.year]
    if scope.province_code is not None:
        where += " and province_code = ?"
        parameters.append(scope.province_code)
    cursor = con.execute(
        f"""
        select form_code, any_value(form_title), any_value(circular),
            any_value(receiving_body), any_value(due), row_order, row_code,
            any_value(row_group), any_value(row_label), any_value(row_unit_label),
            column_order, column_code, any_value(column_label), bool_and(is_held),
            sum(awards), any_value(award_categories), any_value(recipient_type)
        from mart_award_form_cells where {where}
        group by form_code, row_order, row_code, column_order, column_code
        order by form_code, row_order, column_order
        """,
        parameters,
    )
    records = cursor.fetchall()
    if not records:
        raise FormsError(
            f"no award of statistical year {scope.year} ({scope.first_day:%d/%m/%Y}–"
            f"{scope.last_day:%d/%m/%Y}) for {scope.reporting_body} in the published marts, or "
            "no form in force then (reference/statutory/forms.csv)"
        )
    workbook = Workbook()
    workbook.remove(workbook.active)
    codes = []
    for form_code in dict.fromkeys(record[0] for record in records):
        rows = [record for record in records if record[0] == form_code]
        _form_sheet(workbook.create_sheet(form_code.split("/")[0]), scope, rows)
        codes.append(form_code)
    _lineage_sheet(workbook.create_sheet("Truy vết"), scope, records)
    workbook.save(out)
    return codes


def _form_sheet(sheet: Worksheet, scope: Scope, records: list[tuple]) -> None:
    form_code, title, circular, receiving, due = records[0][:5]
    columns = list(dict.fromkeys((r[10], r[11], r[12]) for r in records))
    width = len(LETTERS) + len(columns)
    right = max(width - 4, len(LETTERS) + 1)
    _block(sheet, 1, 1, len(LETTERS), f"Biểu số: {form_code}", bold=True)
    _block(sheet, 2, 1, len(LETTERS), f"Ban hành theo {circular}")
    _block(sheet, 3, 1, len(LETTERS), f"Ngày nhận báo cáo: {due}")
    _block(sheet, 1, right, width, f"Đơn vị báo cáo: {scope.reporting_body}")
    _block(sheet, 2, right, width, f"Đơn vị nhận báo cáo: {receiving}")
    _block(sheet, 5, 1, width, title, bold=True, size=14, centred=True)
    period = f"Năm {scope.year} (từ {scope.first_day:%d/%m/%Y} đến {scope.last_day:%d/%m/%Y})"
    _block(sheet, 6, 1, width, period, italic=True, centred=True)
    heads = ["", "Mã số", "Đơn vị tính", *(label for _, _, label in columns)]
    letters = [*LETTERS, *(code for _, code, _ in columns)]
    for index, (head, letter) in enumerate(zip(heads, letters, strict=True), start=1):
        _boxed(_put(sheet.cell(8, index), head), bold=True, centred=True)
        _boxed(_put(sheet.cell(9, index), letter), bold=True, centred=True)
    line, group = 10, ""
    for row_code in dict.fromkeys((r[5], r[6]) for r in records):
        cells = [r for r in records if (r[5], r[6]) == row_code]
        first = cells[0]
        if first[7] and first[7] != group:
            group = first[7]
            _boxed(_put(sheet.cell(line, 1), group), bold=True)
            for index in range(2, width + 1):
                _boxed(sheet.cell(line, index))
            line += 1
        _boxed(_put(sheet.cell(line, 1), first[8]), bold=not first[7])
        _boxed(_put(sheet.cell(line, 2), first[6]), centred=True)
        _boxed(_put(sheet.cell(line, 3), first[9] or ""), centred=True)
        for index, cell in enumerate(cells, start=len(LETTERS) + 1):
            held, awards = cell[13], cell[14]
            target = _boxed(sheet.cell(line, index, int(awards) if held else None), centred=True)
            if not held:
                target.fill = NOT_HELD
        line += 1
    note = (
        "Ô tô xám: dvk không lưu số liệu này (doanh nghiệp, hộ gia đình, chức vụ, phương thức "
        "khen thưởng). Nguồn: mart_award_form_cells; truy vết: trang «Truy vết»."
    )
    _block(sheet, line + 1, 1, width, note, italic=True)
    _block(sheet, line + 3, 1, len(LETTERS), "Người lập biểu", bold=True, centred=True)
    _block(sheet, line + 4, 1, len(LETTERS), "(Ký, họ tên)", italic=True, centred=True)
    _block(sheet, line + 3, right, width, "Thủ trưởng đơn vị", bold=True, centred=True)
    _block(sheet, line + 4, right, width, "(Ký, đóng dấu, họ tên)", italic=True, centred=True)
    _layout(sheet, width, line)


def _layout(sheet: Worksheet, width: int, last_row: int) -> None:
    """Widths from the number of figure columns, one A4 landscape page wide and high."""
    figures = width - len(LETTERS)
    sheet.column_dimensions["A"].width = 46
    sheet.column_dimensions["B"].width = 7
    sheet.column_dimensions["C"].width = 11
    for index in range(len(LETTERS) + 1, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(24, 130 // figures))
    for number in (1, 2, 3):
        sheet.row_dimensions[number].height = 30
    sheet.row_dimensions[8].height = 105
    for number in range(10, last_row):
        sheet.row_dimensions[number].height = 24
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def _lineage_sheet(sheet: Worksheet, scope: Scope, records: list[tuple]) -> None:
    """Each cell that counts awards, with one `dvk explain` per category and recipient it sums."""
    sheet.append(["Biểu", "Dòng", "Cột", "Số lượng", "Các dòng tạo nên ô: dvk explain …"])
    where = f"statistical_year={scope.year}"
    if scope.province_code is not None:
        where += f" province_code={scope.province_code}"
    for record in records:
        held, awards, categories, recipient = record[13:17]
        if not held or not awards:
            continue
        recipients = f" recipient_type={recipient}" if recipient else ""
        commands = [
            f"dvk explain mart_award_statistics awards {where} award_category={category}"
            + recipients
            for category in (categories or "").split(";")
            if category
        ]
        sheet.append([record[0], record[6], record[11], int(awards), "\n".join(commands)])
        sheet.cell(sheet.max_row, 5).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCDE", (20, 8, 8, 10, 110), strict=True):
        sheet.column_dimensions[letter].width = width


def _block(sheet: Worksheet, row: int, first: int, last: int, value: str, **style: object) -> None:
    """Text over the columns `first` to `last` of one row, merged."""
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    _style(_put(sheet.cell(row, first), value), **style)


def _put(cell, value: object):
    """A cell's text, marked as text where a spreadsheet would run it as a formula ("- Tập
    thể", "+ Doanh nhân"): Excel and LibreOffice show it as written, never evaluate it."""
    cell.value = value
    if isinstance(value, str) and spreadsheet_safe(value) != value:
        cell.quotePrefix = True
    return cell


def _boxed(cell, **style: object):
    cell.border = BOX
    _style(cell, **style)
    return cell


def _style(cell, bold=False, italic=False, size=12, centred=False) -> None:
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(
        horizontal="center" if centred else "left", vertical="center", wrap_text=True
    )
