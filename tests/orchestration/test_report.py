"""`dvk report`: the movement's periodic report from the published marts, in Vietnamese, laid
out as a party committee's report; read back, its figures are the seeds' and each one is what
its appendix's mart and filter give. LibreOffice prints it on A4."""

import duckdb
import pytest
from docx import Document
from openpyxl import load_workbook

from tests.libreoffice import a4_portrait, convert, pdf_pages
from tests.processes import dvk

pytestmark = pytest.mark.slow


def _text(path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_binh_thuan_2023_reproduces_the_seeds_funnel_and_names_duc_linh(demo_made, tmp_path):
    out = tmp_path / "bao_cao_binh_thuan_2023.docx"
    result = dvk(demo_made.home, "report", "--province", "60", "--period", "2023", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "proposed nothing: Huyện ủy Đức Linh" in result.stdout

    text = _text(out)
    # Seed 002: 746 registered → 155 recognised at district level by 13 of 14 units → 39
    # proposed to the province by 13 units, all but Đức Linh → 22 recognised, 20 + 2.
    assert "toàn tỉnh Bình Thuận có 746 mô hình đăng ký" in text
    assert "Có 155 mô hình được công nhận cấp huyện tại 13/14 đơn vị." in text
    assert (
        "13 đơn vị đề nghị tỉnh công nhận 39 mô hình (trừ Huyện ủy Đức Linh); tỉnh công nhận "
        "22 mô hình (20 tập thể, 2 cá nhân)."
    ) in text
    assert "TỈNH ỦY BÌNH THUẬN" in text and "BAN DÂN VẬN" in text  # before the reform
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "TRƯỞNG BAN" in text and "Nơi nhận:" in text
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.styles["Normal"].font.name == "Times New Roman"

    # The appendix: each figure with its mart and filter, which give that figure.
    appendix = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in appendix.rows][1:]
    assert len(rows) >= 15
    with duckdb.connect(str(demo_made.home / "published" / "marts.duckdb"), read_only=True) as con:
        con.execute("use marts.main")
        for label, shown, mart, measure, where in rows:
            found = con.execute(f"select {measure} from {mart} where {where}").fetchone()[0]
            assert shown == f"{found:,}".replace(",", "."), (label, where)

    # The same tables as a workbook, beside it.
    workbook = load_workbook(out.with_suffix(".xlsx"))
    assert "Phụ lục" in workbook.sheetnames
    assert workbook["I"]["A1"].value == "Lĩnh vực"

    pdf = convert(out, "pdf", tmp_path)
    printed = pdf.read_bytes()
    assert pdf_pages(printed) >= 2 and a4_portrait(printed)


def test_a_province_or_period_with_no_units_is_refused_clearly(demo_made, tmp_path):
    out = tmp_path / "r.docx"
    result = dvk(demo_made.home, "report", "--province", "99", "--period", "2023", str(out))
    assert result.returncode == 2
    assert "99: no unit of this province (on the map before the 2025 reform) in 2023" in (
        result.stderr
    )
    result = dvk(demo_made.home, "report", "--national", "--period", "2030", str(out))
    assert result.returncode == 2 and "2030: no unit owed or sent a report" in result.stderr
    assert not out.exists()
