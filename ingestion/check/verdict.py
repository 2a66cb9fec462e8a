"""A file's verdict: its findings, what could be read of `Thông tin`, its typed rows, and the
origins of replicated models it leaves to the warehouse; with what a receipt says is expected
where a rule failed (`EXPECTED`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.format.cells import MAX_COUNT
from ingestion.format.rows import Rows
from ingestion.format.rules import Finding, Severity
from ingestion.format.submission_format import Column, Sheet

EXPECTED = {
    "ORIGIN_REQUIRED": "mã của mô hình gốc / the model_code of the origin model",
    "ORIGIN_UNKNOWN": "mã mô hình đã đăng ký, hoặc ĐƠN_VỊ:MÃ / a model_code registered before, "
    "or UNIT:CODE",
    "OUTCOME_MODEL_UNKNOWN": "mã mô hình đã đăng ký, hoặc ĐƠN_VỊ:MÃ / a model_code registered "
    "before or in this file, or UNIT:CODE",
    "AMOUNT_INVALID": "số không âm, ví dụ 7.811 hoặc 12,5 / a number of at least 0, e.g. 7.811 "
    "or 12,5",
    "OUT_OF_BELOW_VALUE": "một số không nhỏ hơn Giá trị / a number not below the value",
    "OUTCOME_DUPLICATE": "mỗi mô hình một dòng cho mỗi chỉ tiêu / one row per model and indicator",
    "LEVEL_AFTER_REFORM": "Cấp xã · Cấp tỉnh · Trung ương",
    "MODEL_CODE_DUPLICATE": "mỗi mã một lần trong tệp / a code used once per file",
    "MODEL_REFERENCE_REQUIRED": "Mã mô hình hoặc Tên mô hình / the model's code or name",
    "DECISION_REQUIRED": "một giá trị khi đã có kết quả xét / a value when the outcome is decided",
    "DATE_FUTURE": "ngày không sau Ngày gửi / a date not after Ngày gửi",
    "NUMBER_INVALID": "số nguyên, ví dụ 1635 hoặc 1.635 / a whole number, e.g. 1635 or 1.635",
    "NUMBER_OUT_OF_RANGE": f"số nguyên từ 0 đến {MAX_COUNT:,} / a whole number from 0 to "
    f"{MAX_COUNT:,}".replace(",", "."),
    "TEXT_UNSTORABLE": "văn bản không có ký tự NUL hay nửa cặp UTF-16 / text without a NUL or "
    "half a UTF-16 pair",
    "VALUE_REQUIRED": "một giá trị / a value",
    "DATE_INVALID": "ngày/tháng/năm, ví dụ 05/03/2023 / day/month/year, e.g. 05/03/2023",
    "VERSION_INVALID": "số nguyên từ 1 đến 999 / a whole number from 1 to 999",
    "PERIOD_INVALID": "2023 · 2023-H1 · 2023-H2 · 2023-Q1..Q4",
    "SUBMITTED_FUTURE": "ngày không sau hôm nay / a date not after today",
}


MAX_VERSION = 999


@dataclass(frozen=True)
class Origin:
    """A reference to a model by code that the file does not settle (a `replicated_from`, an
    outcome's `model_code`): where it is, as written, and what it names."""

    sheet: str
    row: int
    column: str
    text: str
    unit: str
    """The unit before `:`, or empty for the file's own unit."""
    code: str
    """The folded model code."""
    rule: str = "ORIGIN_UNKNOWN"
    """What an unknown reference is: a replicated model's origin, or an outcome's model."""


@dataclass
class Verdict:
    findings: list[Finding]
    submission: dict[str, object] = field(default_factory=dict)
    """unit_code, period_code, submitted_on, version, prepared_by, contact: what could be read."""
    tables: dict[str, Rows] = field(default_factory=dict)
    """sheet key → typed rows, with `sheet_name` and `row_number` for lineage."""
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    """sheet key → column key → how receipts name the column."""
    origins: list[Origin] = field(default_factory=list)
    """Origins of replicated models the file itself does not hold: `check_origins` looks for
    them among the models registered before."""

    @property
    def accepted(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def registrations(self) -> Rows | None:
        return self.tables.get("registrations")


def parse_version(text: str | None) -> int | None:
    """A version is a small whole number: "1.635" is not version 1635 but a mistake, and "²",
    "①" or five thousand digits are no version (ASCII digits, three at most)."""
    if text is None or not re.fullmatch("[0-9]{1,3}", text.strip()):
        return None
    version = int(text)
    return version if 1 <= version <= MAX_VERSION else None


def sheet_column(spec: Sheet, key: str) -> Column:
    """The column `key` of a sheet's declaration."""
    return next(c for c in spec.columns if c.key == key)


def expected_text(
    spec: Sheet, key: str, rule: str | None = None, value: str | None = None
) -> str | None:
    """What a receipt says is expected of the column where `rule` failed on `value`."""
    column = sheet_column(spec, key)
    if column.vocabulary is not None and rule in ("CODE_UNKNOWN", "AWARD_FORM_OTHER"):
        return column.vocabulary.expected(near=value)
    if rule in EXPECTED:
        return EXPECTED[rule]
    if column.vocabulary is not None:
        return column.vocabulary.expected()
    return None
