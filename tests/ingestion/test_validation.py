"""Each rule of the slice on real files written by openpyxl or json, asserting exact findings."""

import datetime as dt
import unicodedata

from ingestion.check.files import check_file
from ingestion.writing.writers import write_json, write_xlsx
from tests.conftest import info, registration


def findings(verdict):
    return [(f.rule_id, f.sheet, f.row, f.column, f.value) for f in verdict.findings]


def test_a_valid_workbook_with_title_rows_and_variants_is_accepted(tmp_path, registry):
    rows = [
        registration(),
        registration(
            model_code=None,
            model_name=unicodedata.normalize("NFD", "Tổ tự quản an ninh"),
            field="An ninh quốc phòng",
            status="Nhân rộng",
            replicated_from="TUY-001",
            started_on=dt.date(2023, 4, 1),
        ),
    ]
    path = write_xlsx(
        tmp_path / "ok.xlsx", info(), {"registrations": rows}, title_rows=("BÁO CÁO", "")
    )
    verdict = check_file(path, registry)
    assert verdict.accepted, verdict.findings
    assert verdict.findings == []
    frame = verdict.registrations
    assert frame["row_number"] == [4, 5]
    assert frame["field"] == ["VHXH", "QPAN"]
    assert frame["status"] == ["moi", "nhan_rong"]
    assert frame["started_on"] == [dt.date(2023, 3, 5), dt.date(2023, 4, 1)]
    assert frame["model_name"][1] == "Tổ tự quản an ninh"  # NFC
    assert verdict.submission["unit_code"] == "BTH-TUYPHONG"


def test_every_problem_of_a_file_is_found_in_one_pass(tmp_path, registry):
    rows = [
        registration(field="Môi trường"),
        registration(model_code="TUY-002", model_name=None, started_on="03/25/2023"),
        registration(model_code="TUY-003", status="Nhân rộng"),
        registration(model_code="TUY-003", owner_type="Hộ gia đình"),
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", info(), {"registrations": rows})
    verdict = check_file(path, registry)
    assert not verdict.accepted
    assert sorted(findings(verdict)) == sorted(
        [
            ("CODE_UNKNOWN", "Đăng ký", 2, "Lĩnh vực (C)", "Môi trường"),
            ("VALUE_REQUIRED", "Đăng ký", 3, "Tên mô hình (B)", None),
            ("DATE_INVALID", "Đăng ký", 3, "Ngày bắt đầu (K)", "03/25/2023"),
            ("ORIGIN_REQUIRED", "Đăng ký", 4, "Nhân rộng từ (J)", None),
            ("MODEL_CODE_DUPLICATE", "Đăng ký", 4, "Mã mô hình (A)", "TUY-003"),
            ("MODEL_CODE_DUPLICATE", "Đăng ký", 5, "Mã mô hình (A)", "TUY-003"),
            ("CODE_UNKNOWN", "Đăng ký", 5, "Loại chủ thể (E)", "Hộ gia đình"),
        ]
    )


def test_the_district_level_is_an_error_after_the_reform(tmp_path, registry):
    # The demo units were dissolved with the district level; use a commune-era period code.
    path = write_json(
        tmp_path / "late.json", info(period="2025-H2"), {"registrations": [registration()]}
    )
    verdict = check_file(path, registry)
    assert ("LEVEL_AFTER_REFORM", "registrations", 1, "level", "huyen") in findings(verdict)
    assert ("UNIT_INACTIVE", "submission", 1, "Mã đơn vị", "BTH-TUYPHONG") in findings(verdict)


def test_the_submission_sheet_names_a_known_unit_and_a_real_period(tmp_path, registry):
    path = write_xlsx(
        tmp_path / "who.xlsx",
        info(unit_code="XYZ-1", period="2023-H3", submitted_on="13/13/2023", version="hai"),
        {"registrations": [registration()]},
    )
    assert sorted(findings(check_file(path, registry))) == [
        ("DATE_INVALID", "Thông tin", 3, "Ngày gửi", "13/13/2023"),
        ("PERIOD_INVALID", "Thông tin", 2, "Kỳ báo cáo", "2023-H3"),
        ("UNIT_UNKNOWN", "Thông tin", 1, "Mã đơn vị", "XYZ-1"),
        ("VERSION_INVALID", "Thông tin", 4, "Phiên bản", "hai"),
    ]


def test_a_missing_required_label_is_reported(tmp_path, registry):
    path = write_xlsx(tmp_path / "x.xlsx", info(period=None), {"registrations": [registration()]})
    assert findings(check_file(path, registry)) == [
        ("VALUE_REQUIRED", "Thông tin", None, "Kỳ báo cáo", None)
    ]


def test_a_missing_required_column_is_reported_once(tmp_path, registry):
    rows = [{k: v for k, v in registration().items() if k != "owner_type"}] * 3
    rows = [dict(row, model_code=f"M{i}") for i, row in enumerate(rows)]
    verdict = check_file(write_json(tmp_path / "c.json", info(), {"registrations": rows}), registry)
    assert findings(verdict) == [("HEADER_MISSING", "registrations", None, "Loại chủ thể", None)]


def test_json_in_utf16_and_with_a_bom_is_read(tmp_path, registry):
    plain = write_json(tmp_path / "a.json", info(), {"registrations": [registration()]})
    text = plain.read_text("utf-8")
    for encoding, name in (("utf-8-sig", "bom.json"), ("utf-16", "utf16.json")):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        verdict = check_file(path, registry)
        assert verdict.accepted, (name, verdict.findings)
        assert verdict.registrations["model_name"][0] == "Lò đốt rác hộ gia đình"


def test_unreadable_files_are_rejected_with_a_finding(tmp_path, registry):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("this is not a workbook")
    broken = tmp_path / "broken.json"
    broken.write_text('{"submission": ')
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert [f.rule_id for f in check_file(fake, registry).findings] == ["FILE_UNREADABLE"]
    assert [f.rule_id for f in check_file(broken, registry).findings] == ["FILE_UNREADABLE"]
    assert [f.rule_id for f in check_file(other, registry).findings] == ["FILE_TYPE"]


def test_a_file_without_the_submission_sheet_is_rejected(tmp_path, registry):
    path = write_json(tmp_path / "rows.json", {}, {"registrations": [registration()]})
    path.write_text(path.read_text().replace('"submission": {},', ""))
    assert [f.rule_id for f in check_file(path, registry).findings] == ["SHEET_MISSING"]


def test_claimed_totals_read_thousands_separators_as_thousands(tmp_path, registry):
    totals = [
        {"indicator": "Số mô hình đăng ký", "value": "1.635"},
        {"indicator": "registered", "breakdown": "Kinh tế", "value": "451"},
        {"indicator": "registered", "breakdown": "VHXH", "value": "1,000"},
    ]
    path = write_xlsx(tmp_path / "t.xlsx", info(), {"claimed_totals": totals})
    frame = check_file(path, registry).tables["claimed_totals"].frame()
    assert frame[["indicator", "breakdown", "value"]].values.tolist() == [
        ["registered", None, 1635],
        ["registered", "KT", 451],
        ["registered", "VHXH", 1000],
    ]
