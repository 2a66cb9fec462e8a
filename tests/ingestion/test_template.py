"""The template, filled in as an office would (through openpyxl), passes validation."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from ingestion.check.files import check_file

DVK = str(Path(sys.executable).parent / "dvk")


def test_the_filled_template_is_accepted_by_dvk_validate(ws, tmp_path):
    blank = tmp_path / "mau.xlsx"
    made = subprocess.run(
        [DVK, "--home", str(ws.home), "template", str(blank)], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr

    workbook = load_workbook(blank)
    assert workbook.sheetnames == [
        "Hướng dẫn",
        "Danh mục",
        "Thông tin",
        "Đăng ký",
        "Công nhận",
        "Khen thưởng",
        "Tổng hợp",
        "Kết quả",
        "Kiểm tra, giám sát",
    ]
    info = workbook["Thông tin"]
    info["B1"], info["B2"], info["B3"] = "BTH-TUYPHONG", "2023", dt.date(2023, 10, 10)
    workbook["Đăng ký"].append(
        [
            "TUY-001",
            "Lò đốt rác",
            "Văn hóa - xã hội",
            None,
            "Tập thể",
            "Hội Nông dân",
            "Cấp huyện",
            None,
            "Mới",
            None,
            dt.date(2023, 3, 5),
        ]
    )
    workbook["Công nhận"].append(
        [
            None,
            "TUY-001",
            None,
            "Cấp huyện",
            "Công nhận",
            "Tập thể",
            "Huyện ủy Tuy Phong",
            "15-QĐ/HU",
            dt.date(2023, 9, 1),
        ]
    )
    workbook["Khen thưởng"].append(
        [
            "Tập thể",
            "Hội Nông dân xã Phước Thể",
            "Giấy khen",
            "Huyện ủy",
            "20-QĐ/HU",
            dt.date(2023, 9, 2),
            "TUY-001",
            "Có thành tích xuất sắc",
        ]
    )
    workbook["Tổng hợp"].append(["registered", None, "1"])
    # Contract v3: an outcome of the model (seed 002: 136 incinerators), and supervisions.
    outcome = ["TUY-001", None, "Lò đốt rác hộ gia đình đã xây dựng", "136", "lò"]
    workbook["Kết quả"].append(outcome)
    workbook["Kiểm tra, giám sát"].append(["Giám sát", 2, 5, "Quy chế dân chủ ở cơ sở"])
    filled = tmp_path / "da_dien.xlsx"
    workbook.save(filled)

    result = subprocess.run(
        [DVK, "--home", str(ws.home), "validate", str(filled)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Không có vấn đề nào. / No problems found." in result.stdout
    verdict = check_file(filled, _registry(ws))
    assert {k: len(v) for k, v in verdict.tables.items()} == {
        "registrations": 1,
        "recognitions": 1,
        "awards": 1,
        "claimed_totals": 1,
        "outcomes": 1,
        "inspections": 1,
    }
    assert verdict.tables["outcomes"].columns["value"] == [136.0]
    assert verdict.tables["inspections"].columns["kind"] == ["giam_sat"]


def test_the_template_offers_drop_down_lists_for_coded_columns(tmp_path):
    from ingestion.writing.template import write_template

    workbook = load_workbook(write_template(tmp_path / "t.xlsx"))
    lists = [v for v in workbook["Đăng ký"].data_validations.dataValidation if v.type == "list"]
    covered = {str(v.sqref) for v in lists}
    # field, owner type, level, status, over 5,000 rows
    assert covered == {"C2:C5001", "E2:E5001", "G2:G5001", "I2:I5001"}
    assert {v.errorStyle for v in lists} == {"stop"}
    assert workbook["Danh mục"].sheet_state == "hidden"


def test_template_refuses_a_name_that_is_not_a_workbook(ws, tmp_path):
    result = subprocess.run(
        [DVK, "--home", str(ws.home), "template", str(tmp_path / "t.csv")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "name it .xlsx" in result.stderr


def _registry(ws):
    from ingestion.reference.registry import Registry

    return Registry.load(ws.units_dir)
