"""The Home Affairs award statistics: every award in a statistical year (1 December to 30
November, by decision date) and a category of the award catalogue, `mart_award_statistics`, and
`dvk forms` laying out the forms in force with the seed's Bằng khen in its cells; an award the
catalogue does not place is warned about on its receipt, with the nearest categories."""

import json
import re

import pytest
from openpyxl import load_workbook

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import info, published_rows
from tests.libreoffice import convert, pdf_pages
from tests.processes import dvk

pytestmark = pytest.mark.slow


def _award(date: str, form: str = "Bằng khen", authority: str = "Chủ tịch UBND tỉnh") -> dict:
    return {
        "recipient_type": "Tập thể",
        "recipient_name": "Hội Nông dân xã Phước Thể",
        "award_form": form,
        "awarding_authority": authority,
        "decision_no": "12/QĐ-UBND",
        "decision_date": date,
    }


def test_the_statistical_year_turns_on_1_december_and_unplaced_awards_are_warned(ws):
    awards = [
        _award("30/11/2023"),
        _award("01/12/2023", authority="Ủy ban nhân dân tỉnh Bình Thuận"),
        _award("02/12/2023", form="Giấy chứng nhận", authority="UBND tỉnh"),
    ]
    sent = info(unit_code="BTH-TUYPHONG", period="2023", submitted_on="05/12/2023")
    write_json(ws.inbox / "tuyphong.json", sent, {"awards": awards})
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure

    rows = published_rows(
        ws,
        "select decision_date::varchar, statistical_year, award_category, award_level "
        "from mart_award_rows order by decision_date",
    )
    assert rows == [
        ("2023-11-30", 2023, "bang_khen_bo_tinh", "bo_tinh"),
        ("2023-12-01", 2024, "bang_khen_bo_tinh", "bo_tinh"),
        ("2023-12-02", 2024, None, None),
    ]
    assert published_rows(
        ws,
        "select statistical_year, award_category, recipient_type, awards "
        "from mart_award_statistics order by all",
    ) == [
        (2023, "bang_khen_bo_tinh", "tap_the", 1),
        (2024, "bang_khen_bo_tinh", "tap_the", 1),
        (2024, None, "tap_the", 1),
    ]

    [receipt] = [json.loads(p.read_text("utf-8")) for p in ws.receipts.glob("*.receipt.json")]
    assert receipt["outcome"] == "accepted"
    [warned] = [f for f in receipt["findings"] if f["rule"] == "AWARD_NOT_IN_CATALOGUE"]
    assert (warned["sheet"], warned["row"], warned["value"]) == (
        "awards",
        3,
        "giay_chung_nhan · UBND tỉnh",
    )
    assert warned["expected"].startswith("Có phải / Did you mean: Bằng khen của bộ")

    # Each cell of the statistics is the rows `dvk explain` lists.
    explained = dvk(
        ws.home, "explain", "mart_award_statistics", "awards",
        "statistical_year=2024", "award_category=bang_khen_bo_tinh",
    )  # fmt: skip
    assert explained.returncode == 0, explained.stderr[-2000:]
    assert "1; 1 rows in 1 files count to 1" in explained.stdout
    assert "tuyphong.json" in explained.stdout


def test_the_forms_of_2023_show_ninh_binhs_bang_khen_and_print_on_a4(demo_made, tmp_path):
    # Seed 000: Bằng khen of the provincial People's Committee to 20 collectives and 10
    # individuals (Ninh Bình 2023), in form 0603.N's province-level Bằng khen column.
    out = tmp_path / "thong_ke_2023.xlsx"
    result = dvk(demo_made.home, "forms", "--year", "2023", "--province", "37", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0602.N/BNV-TĐKT, 0603.N/BNV-TĐKT" in result.stdout

    workbook = load_workbook(out)
    assert workbook.sheetnames == ["0602.N", "0603.N", "Truy vết"]
    sheet = workbook["0603.N"]
    heads = [cell.value for cell in sheet[8]]
    assert heads[:5] == [None, "Mã số", "Đơn vị tính", "Tổng số", "Bằng khen"]
    by_code = {row[1]: row for row in sheet.iter_rows(min_row=10, values_only=True) if row[1]}
    assert by_code["01"][3:5] == (30, 30)  # Tổng số = the parts: 20 + 10
    assert by_code["02"][3:5] == (20, 20)
    assert by_code["05"][3:5] == (10, 10)
    assert by_code["03"][3] is None  # enterprises: not held, left empty
    assert sheet["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"
    assert "Đơn vị báo cáo: Tỉnh Ninh Bình" in [cell.value for cell in sheet[1]]
    assert "từ 01/12/2022 đến 30/11/2023" in sheet["A6"].value
    assert sheet.cell(by_code_row(sheet, "02"), 1).quotePrefix  # "- Tập thể" stays text
    lineage = [row for row in workbook["Truy vết"].iter_rows(values_only=True)][1:]
    assert any(
        "award_category=bang_khen_bo_tinh recipient_type=tap_the" in row[4] for row in lineage
    )

    pdf = convert(out, "pdf", tmp_path).read_bytes()
    assert pdf_pages(pdf) >= 3  # two forms, one page each, and the lineage
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert (842, 595) in {(round(float(w)), round(float(h))) for w, h in boxes}  # landscape

    missing = dvk(demo_made.home, "forms", "--year", "2019", str(tmp_path / "none.xlsx"))
    assert missing.returncode == 2 and "statistical year 2019" in missing.stderr


def by_code_row(sheet, code: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_row=10) if row[1].value == code)
