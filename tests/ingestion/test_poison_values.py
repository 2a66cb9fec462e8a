"""Values that once passed validation and then wedged the load or a blocking dbt test, or
crashed `dvk validate`: each is now a rule on its receipt, naming the cell (issue #33)."""

import json
import unicodedata

import pytest

from ingestion.check.files import check_file
from ingestion.check.receipts import Receipt
from ingestion.check.verdict import parse_version
from ingestion.format.cells import parse_count, parse_date, parse_int
from ingestion.format.periods import parse_period
from tests.conftest import info, recognition, registration


def _write(path, document) -> object:
    # ensure_ascii: a lone surrogate travels as the escape "\ud800", as a hostile sender writes it
    path.write_text(json.dumps(document, ensure_ascii=True, default=str), "utf-8")
    return path


def _findings(verdict):
    return [(f.rule_id, f.sheet, f.row, f.column, f.value) for f in verdict.findings]


@pytest.mark.parametrize("period", ["0000", "9999-Q4", "2012", "2045", "2205", "2999-H1"])
def test_a_period_outside_the_calendar_or_not_begun_is_refused(tmp_path, registry, period):
    path = _write(
        tmp_path / "p.json",
        {
            "submission": info(period=period, submitted_on="2023-10-10"),
            "registrations": [registration()],
        },
    )
    verdict = check_file(path, registry)
    assert not verdict.accepted
    assert _findings(verdict) == [("PERIOD_OUT_OF_RANGE", "submission", 2, "Kỳ báo cáo", period)], (
        verdict.findings
    )
    assert "2015" in verdict.findings[0].expected


@pytest.mark.parametrize("version", ["²", "①", "٣", "9" * 5000, "1000", "0"])
def test_a_version_is_one_to_three_ascii_digits(tmp_path, registry, version):
    document = {"submission": info(version=version, submitted_on="2023-10-10")}
    verdict = check_file(_write(tmp_path / "v.json", document), registry)
    assert [f.rule_id for f in verdict.findings if f.rule_id != "NO_ROWS"] == ["VERSION_INVALID"]
    assert verdict.submission["version"] is None


@pytest.mark.parametrize("text", ["²", "①", "٢٠٢٣-٠١-٠٥", "99999999999999999999"])
def test_digits_that_are_not_ascii_never_crash_a_parser(text):
    assert parse_date(text) is None
    assert parse_period(text) is None
    assert parse_count(text) is None


def test_a_sent_date_of_a_superscript_digit_is_an_invalid_date(tmp_path, registry):
    document = {"submission": info(submitted_on="²"), "registrations": [registration()]}
    verdict = check_file(_write(tmp_path / "d.json", document), registry)
    assert ("DATE_INVALID", "submission", 3, "Ngày gửi", "²") in _findings(verdict)


def test_a_lone_surrogate_or_a_nul_is_refused_and_the_receipt_can_still_be_written(
    tmp_path, registry
):
    rows = [registration(model_name="A\ud800B"), registration(model_code="T2", owner_name="x\0y")]
    document = {"submission": info(prepared_by="P\udfffQ"), "registrations": rows}
    verdict = check_file(_write(tmp_path / "s.json", document), registry)
    assert not verdict.accepted
    assert sorted(f for f in _findings(verdict) if f[0] == "TEXT_UNSTORABLE") == [
        ("TEXT_UNSTORABLE", "registrations", 1, "model_name", "A⟨U+D800⟩B"),
        ("TEXT_UNSTORABLE", "registrations", 2, "owner_name", "x⟨U+0000⟩y"),
        ("TEXT_UNSTORABLE", "submission", 4, "Người lập", "P⟨U+DFFF⟩Q"),
    ]
    assert verdict.submission["prepared_by"] == "P⟨U+DFFF⟩Q"  # raw.submissions can hold it
    receipt = Receipt.from_verdict(verdict, "s\udcff.json", "0" * 64, 1)
    receipt.write(tmp_path)  # UTF-8 throughout: nothing unencodable left
    assert "⟨U+D800⟩" in (tmp_path / f"{'0' * 64}.receipt.json").read_text("utf-8")


@pytest.mark.parametrize("value", ["-5", "99999999999999999999999", "1.000.000.001"])
def test_a_claimed_total_out_of_range_is_ignored_with_a_warning(tmp_path, registry, value):
    document = {
        "submission": info(submitted_on="2023-10-10"),
        "registrations": [registration()],
        "claimed_totals": [{"indicator": "registered", "value": value}],
    }
    verdict = check_file(_write(tmp_path / "c.json", document), registry)
    assert verdict.accepted
    (finding,) = verdict.findings
    assert (finding.rule_id, finding.row, finding.value) == ("CLAIM_IGNORED", 1, value)
    assert finding.expected.startswith("NUMBER_OUT_OF_RANGE")
    assert verdict.tables["claimed_totals"].empty  # nothing the raw table's schema refuses


def test_counts_keep_the_vietnamese_thousands():
    assert parse_int("1.635") == 1635
    assert parse_count("1.000.000.000") == 1_000_000_000
    assert parse_count("0") == 0
    assert parse_version("2") == 2


@pytest.mark.parametrize(
    ("document", "where"),
    [
        (
            {
                "submission": info(submitted_on="2023-10-10"),
                "Thông tin": info(unit_code="BTH-LAGI", submitted_on="2023-10-10"),
                "registrations": [registration()],
            },
            ("Thông tin", None, "Thông tin"),
        ),
        (
            {
                "submission": {**info(submitted_on="2023-10-10"), "Mã đơn vị": "BTH-LAGI"},
                "registrations": [registration()],
            },
            ("submission", None, "Mã đơn vị"),
        ),
        (
            {
                "submission": info(submitted_on="2023-10-10"),
                "registrations": [registration()],
                "Đăng ký": [],
            },
            ("Đăng ký", None, "Đăng ký"),
        ),
        (
            {
                "submission": info(submitted_on="2023-10-10"),
                "registrations": [registration(), {**registration(), "Tên mô hình": "Khác"}],
            },
            ("registrations", 2, "Tên mô hình"),
        ),
    ],
)
def test_a_key_beside_its_alias_is_an_error_naming_both(tmp_path, registry, document, where):
    verdict = check_file(_write(tmp_path / "a.json", document), registry)
    assert not verdict.accepted
    (finding,) = [f for f in verdict.findings if f.rule_id == "KEY_AMBIGUOUS"]
    assert (finding.sheet, finding.row, finding.column) == where
    assert where[2] in finding.expected and " · " in finding.expected


def test_a_label_ending_in_a_colon_is_the_label(tmp_path, registry):
    from openpyxl import load_workbook

    from ingestion.writing.writers import write_xlsx

    path = write_xlsx(tmp_path / "colon.xlsx", info(), {"registrations": [registration()]})
    book = load_workbook(path)
    for row in book["Thông tin"].iter_rows():
        row[0].value = f"{row[0].value}:"
    book["Đăng ký"]["B1"] = "Tên mô hình :"
    book.save(path)
    verdict = check_file(path, registry)
    assert verdict.accepted, verdict.findings
    assert verdict.findings == []
    assert verdict.submission["unit_code"] == "BTH-TUYPHONG"
    assert verdict.registrations["model_name"] == ["Lò đốt rác hộ gia đình"]


def _book(tmp_path, edit):
    """A valid workbook written by openpyxl, then changed as an office's copy of it was."""
    from openpyxl import load_workbook

    from ingestion.writing.writers import write_xlsx

    path = write_xlsx(
        tmp_path / "book.xlsx",
        info(),
        {"registrations": [registration(), registration(model_code="T2")]},
    )
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def test_a_sheet_named_like_a_copy_is_an_error_never_a_silent_wipe(tmp_path, registry):
    def rename(book):
        book["Đăng ký"].title = "Đăng ký (2)"

    verdict = check_file(_book(tmp_path, rename), registry)
    assert not verdict.accepted
    (finding,) = [f for f in verdict.findings if f.rule_id == "SHEET_COPY"]
    assert (finding.sheet, finding.value) == ("Đăng ký (2)", "Đăng ký (2)")
    assert finding.expected.startswith("Đăng ký")


def test_two_sheets_that_fold_to_one_name_are_an_error_naming_both(tmp_path, registry):
    def copy(book):
        book.copy_worksheet(book["Đăng ký"]).title = unicodedata.normalize("NFD", "Đăng ký")

    verdict = check_file(_book(tmp_path, copy), registry)
    assert not verdict.accepted
    (finding,) = [f for f in verdict.findings if f.rule_id == "SHEET_DUPLICATE"]
    assert finding.expected == "Đăng ký · " + unicodedata.normalize("NFD", "Đăng ký")


def test_a_header_twice_is_an_error_naming_both_columns(tmp_path, registry):
    def repeat(book):
        book["Đăng ký"]["L1"] = "Tên mô hình"
        book["Đăng ký"]["L2"] = "Tên khác"

    verdict = check_file(_book(tmp_path, repeat), registry)
    assert not verdict.accepted
    (finding,) = [f for f in verdict.findings if f.rule_id == "HEADER_DUPLICATE"]
    assert (finding.row, finding.column) == (1, "L")
    assert finding.expected == "Tên mô hình (B) · Tên mô hình (L)"


def test_hidden_rows_are_counted_and_warned_about(tmp_path, registry):
    def hide(book):
        book["Đăng ký"].row_dimensions[3].hidden = True

    verdict = check_file(_book(tmp_path, hide), registry)
    assert verdict.accepted
    (finding,) = verdict.findings
    assert (finding.rule_id, finding.sheet, finding.row, finding.value) == (
        "ROWS_HIDDEN",
        "Đăng ký",
        3,
        "1",
    )
    assert len(verdict.registrations) == 2


def test_sheet_names_typed_without_diacritics_are_the_sheets(tmp_path, registry):
    def unmark(book):
        book["Thông tin"].title = "Thong tin"
        book["Đăng ký"].title = "DANG KY"

    verdict = check_file(_book(tmp_path, unmark), registry)
    assert verdict.accepted and verdict.findings == []
    assert len(verdict.registrations) == 2


@pytest.mark.parametrize("hyphen", ["\u2011", "\u2010", "\u2212", "\uff0d"])
def test_a_unit_code_with_a_look_alike_hyphen_is_the_unit(tmp_path, registry, hyphen):
    code = f"bth{hyphen}tuyphong"
    rows = [recognition(owner_unit_code=f"BTH{hyphen}TUYPHONG")]
    document = {"submission": info(unit_code=code), "recognitions": rows}
    verdict = check_file(_write(tmp_path / "h.json", document), registry)
    assert verdict.accepted, verdict.findings
    assert verdict.findings == []  # not "Did you mean BTH-TUYPHONG", not another unit's model
    assert verdict.submission["unit_code"] == "BTH-TUYPHONG"
    assert verdict.tables["recognitions"]["owner_unit_code"] == ["BTH-TUYPHONG"]


def test_a_recognition_of_another_districts_model_is_a_warning_naming_both(tmp_path, registry):
    rows = [
        recognition(owner_unit_code="BTH-LAGI", recognition_level="Trung ương"),
        recognition(model_code="TUY-002"),
    ]
    document = {"submission": info(), "recognitions": rows}
    verdict = check_file(_write(tmp_path / "o.json", document), registry)
    assert verdict.accepted
    found = [f for f in verdict.findings if f.rule_id == "RECOGNITION_OTHER_UNIT"]
    assert [(f.sheet, f.row, f.value) for f in found] == [("recognitions", 1, "BTH-LAGI")]
    assert "BTH-LAGI" in found[0].expected and "BTH-TUYPHONG" in found[0].expected


def test_the_province_committee_decides_on_its_districts_models_without_a_warning(
    tmp_path, registry
):
    rows = [recognition(owner_unit_code="BTH-LAGI", outcome="Đề nghị")]
    document = {"submission": info(unit_code="BTH-BDV"), "recognitions": rows}
    verdict = check_file(_write(tmp_path / "p.json", document), registry)
    assert [f.rule_id for f in verdict.findings] == []
