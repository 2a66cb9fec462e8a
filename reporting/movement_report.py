"""The movement's periodic report as a Word document laid out as a party committee's report
(Hướng dẫn 36-HD/VPTW: the committee's name and the document number on the left, the Party's
name and the place and date on the right, the title, the body, then recipients on the left and
the signature on the right; A4, Times New Roman, 14 pt body, margins 2 cm top and bottom, 3 cm
left, 1.5 cm right), and its tables as a workbook. The number and the date are left blank to be
filled when the report is signed; every figure comes from `movement_figures`, and the appendix
lists the mart and the filter of each.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook

from reporting.movement_figures import Figures, number, share
from warehouse.exported_text import spreadsheet_safe

LABELS = {
    "registered": "Mô hình đăng ký",
    "registered_new": "trong đó mô hình mới",
    "units_owing": "Đơn vị phải báo cáo",
    "units_received": "Đơn vị đã báo cáo",
    "units_on_time": "Đơn vị báo cáo đúng hạn",
    "recognised_lower": "Mô hình được công nhận cấp huyện/xã",
    "units_recognising_lower": "Đơn vị có mô hình được công nhận cấp huyện/xã",
    "proposed_province": "Mô hình đề nghị tỉnh công nhận",
    "units_proposing": "Đơn vị có mô hình đề nghị",
    "recognised_province": "Mô hình được tỉnh công nhận",
    "recognised_province_tap_the": "trong đó tập thể",
    "recognised_province_ca_nhan": "trong đó cá nhân",
    "awards": "Khen thưởng",
    "kiem_tra_sessions": "Cuộc kiểm tra",
    "kiem_tra_organisations": "Tổ chức, đơn vị được kiểm tra",
    "giam_sat_sessions": "Cuộc giám sát",
    "giam_sat_organisations": "Tổ chức, đơn vị được giám sát",
}


def write_report(con: duckdb.DuckDBPyConnection, figures: Figures, out: Path) -> Path:
    labels = _code_labels(con)
    document = Document()
    _page(document)
    _header(document, figures)
    _title(document, figures)
    for heading, paragraphs, table in _sections(figures, labels):
        _paragraph(document, heading, bold=True)
        for text in paragraphs:
            _paragraph(document, text, indent=True)
        if table:
            _table(document, table)
    _closing(document, figures)
    _appendix(document, figures)
    document.save(out)
    return out


def write_tables(con: duckdb.DuckDBPyConnection, figures: Figures, out: Path) -> Path:
    """The report's tables and its appendix as a workbook, one sheet each."""
    labels = _code_labels(con)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for heading, _, table in _sections(figures, labels):
        if table:
            sheet = workbook.create_sheet(heading.split(".", 1)[0].strip()[:31])
            for row in table:
                sheet.append([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    sheet = workbook.create_sheet("Phụ lục")
    sheet.append(["Chỉ tiêu", "Giá trị", "Bảng", "Phép tính", "Điều kiện"])
    for f in figures.figures:
        sheet.append([LABELS[f.label], f.value, f.mart, f.measure, spreadsheet_safe(f.where)])
    workbook.save(out)
    return out


def _code_labels(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    rows = con.execute("select code_set, code, label_vi from mart_codes").fetchall()
    return {(code_set, code): label for code_set, code, label in rows}


def _sections(figures: Figures, labels: dict) -> list[tuple[str, list[str], list[list]]]:
    value = figures.value
    scope = figures.scope
    lower = "cấp xã" if scope.reformed else "cấp huyện"
    sections = []
    registered = (
        f"Trong kỳ, toàn {_whose(figures)} có {number(value('registered'))} mô hình đăng ký "
        f"thực hiện phong trào thi đua “Dân vận khéo”, trong đó {number(value('registered_new'))}"
        " mô hình mới."
    )
    by_field = _by_field_and_status(figures, labels)
    sections.append(("I. Mô hình đăng ký", [registered], by_field))
    owing = value("units_owing")
    funnel = [
        f"Có {number(value('recognised_lower'))} mô hình được công nhận {lower} tại "
        f"{number(value('units_recognising_lower'))}/{number(owing)} đơn vị.",
        f"{number(value('units_proposing'))} đơn vị đề nghị tỉnh công nhận "
        f"{number(value('proposed_province'))} mô hình"
        + _except(figures)
        + f"; tỉnh công nhận {number(value('recognised_province'))} mô hình "
        f"({number(value('recognised_province_tap_the'))} tập thể, "
        f"{number(value('recognised_province_ca_nhan'))} cá nhân).",
    ]
    sections.append(("II. Công nhận mô hình", funnel, []))
    awards = [
        [labels.get(("award_form", f), f), labels.get(("recipient_type", r), r), n]
        for f, r, n in figures.awards
    ]
    if awards:
        awards.insert(0, ["Hình thức", "Đối tượng", "Số lượng"])
    sections.append(
        ("III. Khen thưởng", [f"Tổng số khen thưởng: {number(value('awards'))}."], awards)
    )
    outcomes = [
        f"Mô hình “{model}”: {indicator.lower()} {number(amount)}"
        + (f"/{number(whole)}" if whole else "")
        + (f" {unit}" if unit else "")
        + (f" ({share(amount, whole)})" if whole else "")
        + "."
        for model, indicator, amount, whole, unit in figures.outcomes
    ]
    sections.append(("IV. Kết quả của các mô hình", outcomes or ["Không có số liệu."], []))
    inspections = [
        f"Tiến hành {number(value('kiem_tra_sessions'))} cuộc kiểm tra đối với "
        f"{number(value('kiem_tra_organisations'))} tổ chức, đơn vị; "
        f"{number(value('giam_sat_sessions'))} cuộc giám sát đối với "
        f"{number(value('giam_sat_organisations'))} tổ chức, đơn vị."
    ]
    sections.append(("V. Kiểm tra, giám sát", inspections, []))
    received = value("units_received")
    completeness = [
        f"{number(received)}/{number(owing)} đơn vị đã báo cáo"
        + (f" ({share(received, owing)})" if owing else "")
        + f", {number(value('units_on_time'))} đơn vị đúng hạn."
    ]
    sections.append(("VI. Tình hình báo cáo", completeness, []))
    return sections


STATUSES = ("moi", "duy_tri", "nhan_rong")


def _by_field_and_status(figures: Figures, labels: dict) -> list[list]:
    """Models by field (rows) and status (columns), with totals: the seeds' table."""
    if not figures.by_field_status:
        return []
    counts = {(f, s): n for f, s, n in figures.by_field_status}
    fields = sorted({f for f, _, _ in figures.by_field_status})
    header = ["Lĩnh vực", *(labels.get(("status", s), s) for s in STATUSES), "Tổng"]
    rows = [header]
    for field_ in fields:
        values = [counts.get((field_, s), 0) for s in STATUSES]
        rows.append([labels.get(("field", field_), field_), *values, sum(values)])
    totals = [sum(row[i] for row in rows[1:]) for i in range(1, len(header))]
    return [*rows, ["Tổng", *totals]]


NAMED_AT_MOST = 5
"""Units that proposed nothing are named up to this many (the seeds' "all but Đức Linh")."""


def _except(figures: Figures) -> str:
    silent = figures.silent_units
    if not silent or not figures.value("units_proposing"):
        return ""
    if len(silent) <= NAMED_AT_MOST:
        return f" (trừ {', '.join(silent)})"
    return f" ({number(len(silent))} đơn vị không có mô hình đề nghị)"


def _whose(figures: Figures) -> str:
    return "quốc" if figures.scope.national else _short(figures.scope.province_name or "")


def _short(name: str) -> str:
    """ "Tỉnh Bình Thuận" → "tỉnh Bình Thuận": within a sentence."""
    return name[:1].lower() + name[1:]


def _committee(figures: Figures) -> tuple[str, str]:
    """The issuing body's two lines: the committee above, the commission below."""
    commission = "BAN TUYÊN GIÁO VÀ DÂN VẬN" if figures.scope.reformed else "BAN DÂN VẬN"
    if figures.scope.national:
        return "BAN CHẤP HÀNH TRUNG ƯƠNG", f"{commission} TRUNG ƯƠNG"
    name = figures.scope.province_name or ""
    city = name.startswith("Thành phố")
    place = name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    return f"{'THÀNH' if city else 'TỈNH'} ỦY {place.upper()}", commission


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)


def _header(document, figures: Figures) -> None:
    above, below = _committee(figures)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _widths(table, (7, 9.5))
    _cell(left, [(above, False, 13), (below, True, 13), ("*", False, 13), ("Số    -BC", False, 13)])
    _cell(
        right,
        [
            ("ĐẢNG CỘNG SẢN VIỆT NAM", True, 15),
            ("", False, 13),
            ("…, ngày … tháng … năm 20…", False, 14),
        ],
    )
    right.paragraphs[-1].runs[0].italic = True
    right.paragraphs[0].runs[0].underline = True


def _cell(cell, lines: list[tuple[str, bool, int]]) -> None:
    cell.paragraphs[0].text = ""
    for index, (text, bold, size) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)


def _title(document, figures: Figures) -> None:
    for text, size in (
        ("BÁO CÁO", 15),
        (f"kết quả phong trào thi đua “Dân vận khéo”, kỳ {figures.scope.period_code}", 14),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)


def _paragraph(document, text: str, bold: bool = False, indent: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(text).bold = bold


def _table(document, rows: list[list], widths: tuple[float, ...] = (), size: int = 13) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for number_, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            text = number(value) if isinstance(value, int | float) else str(value)
            cell.text = text
            run = cell.paragraphs[0].runs[0]
            run.font.size, run.bold = Pt(size), number_ == 0
    if widths:
        _widths(table, widths)


def _widths(table, centimetres: tuple[float, ...]) -> None:
    """Fixed column widths (Word and LibreOffice read the grid and the cells: both are set)."""
    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _closing(document, figures: Figures) -> None:
    table = document.add_table(rows=1, cols=2)
    _widths(table, (8, 8.5))
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    if figures.scope.national:
        recipients = ("- Bộ Chính trị, Ban Bí thư (để báo cáo),", "- Các tỉnh ủy, thành ủy,")
    else:
        central = "Ban Tuyên giáo và Dân vận" if figures.scope.reformed else "Ban Dân vận"
        recipients = (f"- {central} Trung ương,", "- Thường trực tỉnh ủy,")
    for line in (*recipients, "- Lưu Văn phòng."):
        left.add_paragraph().add_run(line).font.size = Pt(11)
    _cell(right, [("TRƯỞNG BAN", True, 14)])


def _appendix(document, figures: Figures) -> None:
    """Where each figure comes from: the mart of `published/marts.duckdb` and the filter."""
    document.add_page_break()
    _paragraph(document, "Phụ lục: nguồn của từng số liệu (published/marts.duckdb)", bold=True)
    rows = [["Chỉ tiêu", "Giá trị", "Bảng", "Phép tính", "Điều kiện"]]
    rows += [[LABELS[f.label], f.value or 0, f.mart, f.measure, f.where] for f in figures.figures]
    _table(document, rows, widths=(3.8, 1.6, 3.4, 3.4, 4.3), size=9)
