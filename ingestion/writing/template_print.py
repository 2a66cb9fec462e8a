"""How the template prints, as an office files a paper copy: A4 landscape, one page wide, a title
naming the report, the sheet, the unit and the period on every page, page numbers, gridlines,
the long text columns wrapped rather than cut, and a signature block under `Thông tin`.

Only print settings and cells the readers never take (a page header, a footer, columns C–D of
`Thông tin`, whose readers take columns A and B): a printed and filled-in template is read back
the same.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

REPORT = "BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”"
WIDE = {
    "model_name": 40,
    "owner_name": 32,
    "recipient_name": 32,
    "reason": 36,
    "theme": 24,
    "indicator": 28,
    "topic": 36,
    "note": 30,
    "award_form": 24,
    "awarding_authority": 22,
    "recognizing_body": 24,
}
"""Columns of free text: wider, and wrapped in print, so a long name is never cut."""


def print_setup(sheet: Worksheet, title: str | None = None, whose: str = "") -> None:
    """A4 landscape, one page wide; with `title`, a header of the report, the sheet and whose
    it is (a unit and period, or blanks to fill in), and a footer with page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title is None:
        return
    sheet.print_options.gridLines = True
    sheet.oddHeader.left.text = title
    sheet.oddHeader.center.text = REPORT
    sheet.oddHeader.center.font = sheet.oddHeader.left.font = "Times New Roman,Bold"
    sheet.oddHeader.center.size = 12
    sheet.oddHeader.right.text = whose or "Đơn vị: ......................, kỳ báo cáo: ..........."
    sheet.oddHeader.left.size = sheet.oddHeader.right.size = 10
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.size = 9


def whose(unit_code: str | None, unit_name: str | None, period: str | None) -> str:
    """The page header's right part: the unit and period, when the template is for them (one
    line: a header's line break does not survive every spreadsheet program)."""
    parts = []
    if unit_code:
        parts.append(f"{unit_name or ''} ({unit_code})".strip())
    if period:
        parts.append(f"kỳ {period}")
    return ", ".join(parts)


def wrap_wide_columns(sheet: Worksheet, keys: list[str]) -> None:
    """Wider, wrapped text columns (a column style: rows typed in later take it too)."""
    from openpyxl.utils import get_column_letter

    for index, key in enumerate(keys, start=1):
        if key in WIDE:
            dimension = sheet.column_dimensions[get_column_letter(index)]
            dimension.width = WIDE[key]
            dimension.alignment = Alignment(wrap_text=True, vertical="top")


def signature_block(sheet: Worksheet, row: int) -> None:
    """Under the filled-in `Thông tin`, in columns C–D: the place and date, the preparer and the
    head of the unit, as a report sent on paper is signed."""
    bold = Font(bold=True)
    cells = {
        (row, 4): ("..........., ngày ..... tháng ..... năm .........", Font(italic=True)),
        (row + 1, 3): ("NGƯỜI LẬP BIỂU", bold),
        (row + 1, 4): ("THỦ TRƯỞNG ĐƠN VỊ", bold),
        (row + 2, 3): ("(Ký, ghi rõ họ tên)", Font(italic=True)),
        (row + 2, 4): ("(Ký tên, đóng dấu)", Font(italic=True)),
    }
    for (number, column), (text, font) in cells.items():
        cell = sheet.cell(row=number, column=column, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["D"].width = 40
    sheet.print_area = f"A1:D{row + 6}"
