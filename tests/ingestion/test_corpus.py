"""Odd and bad inputs, each a real file, each with the exact receipt it must get: its outcome
and every finding as (rule, sheet, row, column)."""

import datetime as dt
import unicodedata

import pytest

from ingestion.check.files import check_file
from ingestion.reference.registry import Registry
from tests.conftest import info, registration
from tests.ingestion import corpus as c

REG = "registrations"
COMMUNE_UNITS = (
    "unit_code,unit_name,unit_type,province_code,admin_code,valid_from,valid_to,reports\n"
    "LDG-PHUOCTHE,Đảng ủy xã Phước Thể,xa,68,,2025-07-01,,year;half\n"
)

ACCEPTED, REJECTED = "accepted", "rejected"
CASES = {
    # Containers
    "encrypted workbook": (c.encrypted, REJECTED, {("FILE_ENCRYPTED", None, None, None)}),
    "macro-enabled xlsm": (c.macro_enabled, ACCEPTED, set()),
    "ods workbook": (c.ods, ACCEPTED, set()),
    "text file named xlsx": (c.text_named_xlsx, REJECTED, {("FILE_UNREADABLE", None, None, None)}),
    "truncated workbook": (c.truncated, REJECTED, {("FILE_UNREADABLE", None, None, None)}),
    "zip bomb": (c.zip_bomb, REJECTED, {("FILE_UNREADABLE", None, None, None)}),
    "empty file": (
        lambda t: c.raw_bytes(t, "rong.xlsx", b""),
        REJECTED,
        {("FILE_UNREADABLE", None, None, None)},
    ),
    "csv file": (
        lambda t: c.raw_bytes(t, "a.csv", b"a,b\n"),
        REJECTED,
        {("FILE_TYPE", None, None, None)},
    ),
    "json that does not parse": (
        lambda t: c.raw_bytes(t, "hong.json", b'{"submission": {"unit_code": '),
        REJECTED,
        {("FILE_UNREADABLE", None, None, None)},
    ),
    "json list, not object": (
        lambda t: c.json_document(t, [info()]),
        REJECTED,
        {("FILE_UNREADABLE", None, None, None)},
    ),
    "json with a utf-8 bom": (lambda t: c.bom_json(t, "utf-8-sig"), ACCEPTED, set()),
    "json in utf-16": (lambda t: c.bom_json(t, "utf-16"), ACCEPTED, set()),
    "json with Vietnamese headers as keys": (
        lambda t: c.json_document(
            t,
            {
                "Thông tin": {
                    "Mã đơn vị": "BTH-TUYPHONG",
                    "Kỳ báo cáo": "2023",
                    "Ngày gửi": "10/10/2023",
                },
                "Đăng ký": [{c._HEADERS[k]: v for k, v in registration().items()}],
            },
        ),
        ACCEPTED,
        set(),
    ),
    # Cells the spreadsheet made
    "formula without a cached value": (
        c.formula_without_value,
        REJECTED,
        {("FORMULA_NO_VALUE", "Đăng ký", 2, "D")},
    ),
    "merged field cell": (c.merged_field, ACCEPTED, set()),
    "hidden data sheet": (c.hidden_sheet, ACCEPTED, {("SHEET_HIDDEN", "Đăng ký", None, None)}),
    "Excel serial date cell": (lambda t: c.date_cells(t, 44990), ACCEPTED, set()),
    "fake 1900-02-29 date cell": (
        lambda t: c.date_cells(t, 60),
        REJECTED,
        {("DATE_INVALID", "Đăng ký", 2, "Ngày bắt đầu (K)")},
    ),
    "date cell next to date text": (c.mixed_dates, ACCEPTED, set()),
    "1.635 and 1,635 totals": (lambda t: c.claimed(t, "1.635", "1,635"), ACCEPTED, set()),
    "unreadable claimed total": (
        lambda t: c.claimed(t, "khoảng 1600"),
        ACCEPTED,
        {("CLAIM_IGNORED", "Tổng hợp", 2, "Giá trị (C)")},
    ),
    "TCVN3 text": (
        lambda t: c.legacy_text(t, "M« h×nh lß ®èt r¸c"),
        REJECTED,
        {("ENCODING_LEGACY", "Đăng ký", 2, "Tên mô hình (B)")},
    ),
    "VNI text": (
        lambda t: c.legacy_text(t, "Moâ hình loø ñoát raùc"),
        REJECTED,
        {("ENCODING_LEGACY", "Đăng ký", 2, "Tên mô hình (B)")},
    ),
    # Vietnamese text in its many shapes
    "title rows above the header": (
        lambda t: c.write_xlsx(
            t / "tieu_de.xlsx",
            info(),
            {REG: [registration()]},
            title_rows=("BÁO CÁO", "Năm 2023", ""),
        ),
        ACCEPTED,
        set(),
    ),
    "decomposed unicode": (
        lambda t: c.xlsx(
            t,
            rows=[
                {
                    k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v
                    for k, v in registration().items()
                }
            ],
        ),
        ACCEPTED,
        set(),
    ),
    "old tone marks": (
        lambda t: c.xlsx(t, rows=[registration(field="Văn hoá – xã hội", owner_name="Huyện uỷ")]),
        ACCEPTED,
        set(),
    ),
    "label variants": (
        lambda t: c.xlsx(
            t,
            rows=[
                registration(model_code="A", field="An ninh quốc phòng"),
                registration(model_code="B", field="Phát triển kinh tế"),
                registration(model_code="C", field="Xây dựng Đảng và hệ thống chính trị"),
            ],
        ),
        ACCEPTED,
        set(),
    ),
    "codes instead of labels": (
        lambda t: c.xlsx(
            t, rows=[registration(field="KT", level="huyen", status="moi", owner_type="tap_the")]
        ),
        ACCEPTED,
        set(),
    ),
    "capitals, NFD and non-breaking spaces in headers": (c.shouting_headers, ACCEPTED, set()),
    "blank trailing rows": (
        lambda t: c.edited(
            c.xlsx(t), lambda wb: [wb["Đăng ký"].append([None] * 11) for _ in range(5)]
        ),
        ACCEPTED,
        set(),
    ),
    "unknown sheet and column": (
        lambda t: c.edited(
            c.xlsx(t),
            lambda wb: (
                wb.create_sheet("Ghi chú").append(["x"]),
                wb["Đăng ký"].cell(1, 12, "Ghi chú"),
            ),
        ),
        ACCEPTED,
        {("SHEET_IGNORED", "Ghi chú", None, None), ("COLUMN_IGNORED", "Đăng ký", 1, "L")},
    ),
    "only the submission sheet": (
        lambda t: c.write_xlsx(t / "chi_thong_tin.xlsx", info(), {}),
        ACCEPTED,
        {("NO_ROWS", None, None, None)},
    ),
    # The submission sheet
    "no submission sheet": (c.without_info, REJECTED, {("SHEET_MISSING", "Thông tin", None, None)}),
    "unknown unit": (
        lambda t: c.xlsx(t, meta=info(unit_code="BTH-KHONGCO")),
        REJECTED,
        {("UNIT_UNKNOWN", "Thông tin", 1, "Mã đơn vị")},
    ),
    "unit outside its validity": (
        lambda t: c.xlsx(t, meta=info(period="2017")),
        REJECTED,
        {("UNIT_INACTIVE", "Thông tin", 1, "Mã đơn vị")},
    ),
    "impossible period": (
        lambda t: c.xlsx(t, meta=info(period="2023-H3")),
        REJECTED,
        {("PERIOD_INVALID", "Thông tin", 2, "Kỳ báo cáo")},
    ),
    "month-first sending date": (
        lambda t: c.xlsx(t, meta=info(submitted_on="10/25/2023")),
        REJECTED,
        {("DATE_INVALID", "Thông tin", 3, "Ngày gửi")},
    ),
    "version in words": (
        lambda t: c.xlsx(t, meta=info(version="hai")),
        REJECTED,
        {("VERSION_INVALID", "Thông tin", 4, "Phiên bản")},
    ),
    # Registrations
    "impossible start date": (
        lambda t: c.xlsx(t, rows=[registration(started_on="31/02/2023")]),
        REJECTED,
        {("DATE_INVALID", "Đăng ký", 2, "Ngày bắt đầu (K)")},
    ),
    "missing required column": (
        lambda t: c.as_json(
            t, registrations=[{k: v for k, v in registration().items() if k != "level"}]
        ),
        REJECTED,
        {("HEADER_MISSING", "registrations", None, "Cấp")},
    ),
    "replicated without origin": (
        lambda t: c.xlsx(t, rows=[registration(status="Nhân rộng")]),
        REJECTED,
        {("ORIGIN_REQUIRED", "Đăng ký", 2, "Nhân rộng từ (J)")},
    ),
    "origin not known": (
        lambda t: c.xlsx(t, rows=[registration(status="Nhân rộng", replicated_from="TUY-1999")]),
        ACCEPTED,
        {("ORIGIN_UNKNOWN", "Đăng ký", 2, "Nhân rộng từ (J)")},
    ),
    "district level after the reform": (
        lambda t: c.as_json(
            t, meta=info(unit_code="LDG-PHUOCTHE", period="2025-H2", submitted_on="05/01/2026")
        ),
        REJECTED,
        {("LEVEL_AFTER_REFORM", "registrations", 1, "level")},
    ),
    "duplicate model codes": (
        lambda t: c.xlsx(
            t, rows=[registration(model_code="tuy-1"), registration(model_code="TUY-1")]
        ),
        REJECTED,
        {
            ("MODEL_CODE_DUPLICATE", "Đăng ký", 2, "Mã mô hình (A)"),
            ("MODEL_CODE_DUPLICATE", "Đăng ký", 3, "Mã mô hình (A)"),
        },
    ),
    # Recognitions and awards
    "recognised without a decision": (
        lambda t: c.as_json(
            t,
            recognitions=[
                {
                    "model_code": "TUY-001",
                    "recognition_level": "Cấp huyện",
                    "outcome": "Công nhận",
                    "owner_type": "Tập thể",
                }
            ],
        ),
        REJECTED,
        {
            ("DECISION_REQUIRED", "recognitions", 1, c_)
            for c_ in ("Cơ quan công nhận", "Số quyết định", "Ngày quyết định")
        },
    ),
    "recognition naming no model": (
        lambda t: c.as_json(
            t,
            recognitions=[
                {"recognition_level": "Cấp tỉnh", "outcome": "Đề nghị", "owner_type": "Tập thể"}
            ],
        ),
        REJECTED,
        {("MODEL_REFERENCE_REQUIRED", "recognitions", 1, "Tên mô hình")},
    ),
    "decision after sending": (
        lambda t: c.as_json(
            t,
            awards=[
                {
                    "recipient_type": "Tập thể",
                    "recipient_name": "Hội Nông dân",
                    "award_form": "Bằng khen",
                    "awarding_authority": "UBND tỉnh",
                    "decision_no": "1/QĐ",
                    "decision_date": "11/10/2023",
                }
            ],
        ),
        REJECTED,
        {("DATE_FUTURE", "awards", 1, "decision_date")},
    ),
    "award form outside the list": (
        lambda t: c.as_json(
            t,
            awards=[
                {
                    "recipient_type": "Cá nhân",
                    "recipient_name": "Nguyễn Văn An",
                    "award_form": "Kỷ niệm chương",
                    "awarding_authority": "Ban Dân vận Trung ương",
                    "decision_no": "2/QĐ",
                    "decision_date": dt.date(2023, 9, 9),
                }
            ],
        ),
        ACCEPTED,
        {("AWARD_FORM_OTHER", "awards", 1, "award_form")},
    ),
    "province decides on a district's model": (
        lambda t: c.as_json(
            t,
            recognitions=[
                {
                    "owner_unit_code": "BTH-KHONGCO",
                    "model_code": "X-1",
                    "recognition_level": "Cấp tỉnh",
                    "outcome": "Đề nghị",
                    "owner_type": "Tập thể",
                }
            ],
        ),
        ACCEPTED,
        {("OWNER_UNIT_UNKNOWN", "recognitions", 1, "owner_unit_code")},
    ),
}


@pytest.fixture
def corpus_registry(ws) -> Registry:
    (ws.units_dir / "68_communes.csv").write_text(COMMUNE_UNITS, "utf-8")
    return Registry.load(ws.units_dir)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_odd_input_gets_its_exact_receipt(case, tmp_path, corpus_registry):
    build, outcome, expected = CASES[case]
    verdict = check_file(build(tmp_path), corpus_registry)
    assert {(f.rule_id, f.sheet, f.row, f.column) for f in verdict.findings} == expected
    assert (ACCEPTED if verdict.accepted else REJECTED) == outcome
