"""Receipts an office can act on: errors first, both languages, suggestions, safe HTML."""

from __future__ import annotations

import datetime as dt
import json

from ingestion.check.files import check_file
from ingestion.check.receipts import Receipt
from ingestion.writing.writers import write_json
from tests.conftest import info, registration
from tests.ingestion.corpus import xlsx
from warehouse.exported_text import visible


def _receipt(path, registry) -> Receipt:
    return Receipt.from_verdict(check_file(path, registry), path.name)


def _rules(receipt: Receipt) -> list[str]:
    return [f.rule_id for f in receipt.findings]


def test_errors_come_before_warnings_whatever_their_place_in_the_file(tmp_path, registry):
    rows = [registration(model_code=None, theme="Lạ"), registration(model_code=None, theme="Lạ")]
    rows.append(registration(model_code="X-1", field="Không rõ"))
    receipt = _receipt(xlsx(tmp_path, rows=rows, meta=info(version="1.635")), registry)
    severities = [str(f.severity) for f in receipt.findings]
    assert severities == sorted(severities)  # "error" < "warning"
    assert {"VERSION_INVALID", "CODE_UNKNOWN", "ROW_REPEATED"} <= set(_rules(receipt))


def test_an_unknown_unit_gets_the_nearest_codes_and_its_province_by_name(tmp_path, registry):
    receipt = _receipt(xlsx(tmp_path, meta=info(unit_code="BTH-TANLINH")), registry)
    (finding,) = [f for f in receipt.findings if f.rule_id == "UNIT_UNKNOWN"]
    assert "BTH-TANHLINH" in finding.expected
    assert "Bình Thuận" in finding.expected
    assert "reference/units" not in finding.expected


def test_an_unknown_code_is_answered_with_the_nearest_label(tmp_path, registry):
    receipt = _receipt(xlsx(tmp_path, rows=[registration(field="Kinh te")]), registry)
    (finding,) = [f for f in receipt.findings if f.rule_id == "CODE_UNKNOWN"]
    assert finding.expected.startswith("Có phải / Did you mean: Kinh tế (KT)?")


def test_every_expected_text_is_in_both_languages(tmp_path, registry):
    rows = [registration(started_on="31/02/2023", status="Nhân rộng")]
    receipt = _receipt(xlsx(tmp_path, rows=rows, meta=info(version="0")), registry)
    for finding in receipt.findings:
        if finding.rule_id in ("DATE_INVALID", "VERSION_INVALID", "ORIGIN_REQUIRED"):
            assert " / " in finding.expected, finding


def test_a_damaged_file_is_explained_in_vietnamese_before_the_technical_reason(tmp_path, registry):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    (finding,) = _receipt(path, registry).findings
    assert finding.rule_id == "FILE_UNREADABLE"
    assert finding.value.startswith("tệp hỏng hoặc không phải bảng tính")
    assert "the file is damaged" in finding.value


def test_version_must_be_a_small_whole_number(tmp_path, registry):
    for version, ok in (("2", True), ("999", True), ("1.635", False), ("0", False), ("v2", False)):
        receipt = _receipt(xlsx(tmp_path, meta=info(version=version)), registry)
        assert ("VERSION_INVALID" not in _rules(receipt)) is ok, version


def test_a_submission_dated_after_today_is_a_warning(tmp_path, registry):
    future = dt.date.today() + dt.timedelta(days=3)
    receipt = _receipt(xlsx(tmp_path, meta=info(submitted_on=future)), registry)
    assert receipt.outcome == "accepted"
    assert "SUBMITTED_FUTURE" in _rules(receipt)


def test_identical_rows_without_a_code_are_named_with_the_row_they_repeat(tmp_path, registry):
    row = registration(model_code=None)
    receipt = _receipt(xlsx(tmp_path, rows=[row, dict(row), dict(row)]), registry)
    repeated = [f for f in receipt.findings if f.rule_id == "ROW_REPEATED"]
    assert [(f.row, f.expected) for f in repeated] == [(3, "dòng 2 / row 2"), (4, "dòng 2 / row 2")]
    assert receipt.outcome == "accepted"


def test_a_hostile_file_name_stays_text_in_the_html_and_markdown_receipts(tmp_path, registry):
    name = 'x<img src=x onerror="alert(1)">\u202egnp.xlsx'
    path = xlsx(tmp_path, name="f.xlsx")
    receipt = Receipt.from_verdict(check_file(path, registry), name)
    page, markdown = receipt.to_html(), receipt.to_markdown()
    assert "<img" not in page and "&lt;img" in page
    assert "<img" not in markdown
    assert "\u202e" not in page + markdown and "⟨U+202E⟩" in page
    assert visible("a\nb\tc\u200bd") == "a⟨U+000A⟩b⟨U+0009⟩c⟨U+200B⟩d"


def test_receipts_are_written_as_json_markdown_and_html(tmp_path, registry):
    receipt = _receipt(xlsx(tmp_path), registry)
    receipt.write(tmp_path)
    stored = json.loads((tmp_path / f"{receipt.submission_id}.receipt.json").read_text())
    assert stored["outcome"] == "accepted"
    assert (tmp_path / f"{receipt.submission_id}.receipt.html").read_text().startswith("<!doctype")


def test_empty_json_sections_are_no_rows_and_a_repeated_key_is_an_error(tmp_path, registry):
    empty = write_json(
        tmp_path / "empty.json",
        info(),
        {"registrations": [registration()], "recognitions": [], "awards": None},
    )
    assert _receipt(empty, registry).outcome == "accepted"
    repeated = tmp_path / "twice.json"
    one = json.dumps(info(), default=str)
    other = json.dumps(info(unit_code="BTH-LAGI"), default=str)
    repeated.write_text(f'{{"submission": {one}, "registrations": [], "submission": {other}}}')
    receipt = _receipt(repeated, registry)
    assert receipt.outcome == "rejected"
    (finding,) = [f for f in receipt.findings if f.rule_id == "KEY_DUPLICATE"]
    assert finding.value == "submission"


def test_a_receipt_has_a_number_and_the_time_in_viet_nam():
    stored = Receipt("ab" * 32, "x.xlsx", "accepted", "2026-12-05T15:03:34+00:00", arrival_seq=123)
    assert stored.number == "BN-2026-000123"
    assert stored.as_dict()["receipt_number"] == "BN-2026-000123"
    for text in (stored.to_markdown(), stored.to_html()):
        assert "BN-2026-000123" in text and "05/12/2026 22:03 (UTC+7)" in text
    checked = Receipt("ab" * 32, "x.xlsx", "accepted", "2026-12-05T15:03:34+00:00")
    assert checked.number.endswith("none (checked only)")
    uploaded = Receipt(
        "ab" * 32, "x.xlsx", "accepted", "2026-12-05T15:03:34+00:00", uploaded_by="a"
    )
    assert uploaded.number.endswith("given when the file is processed")
