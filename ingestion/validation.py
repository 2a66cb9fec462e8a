"""All the rules of contract §2 over one parsed file, in one pass: the verdict and its findings.

Text is normalised first (codes recognised whatever their spelling), then validated as strings
by the pandera schemas, and only then coerced to dates and numbers: a bad cell in one column
never hides the checks of another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ingestion.cells import parse_date, parse_int
from ingestion.legacy_encoding import legacy_encoding
from ingestion.parsed import ROW, ParsedSubmission, Table
from ingestion.periods import Period, parse_period
from ingestion.registry import Registry
from ingestion.rules import Finding, Severity
from ingestion.sheet_schemas import Context, failures, schema_for
from ingestion.submission_format import (
    CLAIMED_TOTALS,
    INFO,
    RECOGNITIONS,
    REGISTRATIONS,
    Column,
    Sheet,
)
from ingestion.vietnamese import fold

EXPECTED = {
    "ORIGIN_REQUIRED": "mã của mô hình gốc / the model_code of the origin model",
    "ORIGIN_UNKNOWN": "mã mô hình đã đăng ký, hoặc ĐƠN_VỊ:MÃ / a model_code registered before, "
    "or UNIT:CODE",
    "LEVEL_AFTER_REFORM": "Cấp xã · Cấp tỉnh · Trung ương",
    "MODEL_CODE_DUPLICATE": "mỗi mã một lần trong tệp / a code used once per file",
    "MODEL_REFERENCE_REQUIRED": "Mã mô hình hoặc Tên mô hình / the model's code or name",
    "DECISION_REQUIRED": "một giá trị khi đã có kết quả xét / a value when the outcome is decided",
    "DATE_FUTURE": "ngày không sau Ngày gửi / a date not after Ngày gửi",
    "NUMBER_INVALID": "số nguyên, ví dụ 1635 hoặc 1.635 / a whole number, e.g. 1635 or 1.635",
    "VALUE_REQUIRED": "một giá trị / a value",
    "DATE_INVALID": "ngày/tháng/năm, ví dụ 05/03/2023 / day/month/year, e.g. 05/03/2023",
    "VERSION_INVALID": "số nguyên từ 1 đến 999 / a whole number from 1 to 999",
    "PERIOD_INVALID": "2023 · 2023-H1 · 2023-H2 · 2023-Q1..Q4",
    "SUBMITTED_FUTURE": "ngày không sau hôm nay / a date not after today",
}
MAX_VERSION = 999


@dataclass
class Verdict:
    findings: list[Finding]
    submission: dict[str, object] = field(default_factory=dict)
    """unit_code, period_code, submitted_on, version, prepared_by, contact: what could be read."""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    """sheet key → typed rows, with `sheet_name` and `row_number` for lineage."""

    @property
    def accepted(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def registrations(self) -> pd.DataFrame | None:
        return self.tables.get("registrations")


def validate(
    parsed: ParsedSubmission,
    registry: Registry,
    known_models: Callable[[str], set[str]] | None = None,
) -> Verdict:
    verdict = Verdict(findings=list(parsed.findings))
    if parsed.info_sheet is None:
        verdict.findings.append(Finding("SHEET_MISSING", sheet=INFO.name, expected=INFO.name))
        return verdict
    verdict.findings += _legacy_encodings(parsed)
    period = _check_info(parsed, registry, verdict)
    context = Context(
        period=period,
        submitted_on=verdict.submission["submitted_on"],
        unit_code=verdict.submission["unit_code"],
        known_models=known_models or (lambda unit: set()),
    )
    for table in parsed.tables.values():
        verdict.tables[table.spec.key] = _check_table(table, context, registry, verdict)
    if not any(table.rows for table in parsed.tables.values()):
        # Any sheet but Thông tin may be empty; a file with no rows at all is worth a word.
        verdict.findings.append(Finding("NO_ROWS"))
    return verdict


def _legacy_encodings(parsed: ParsedSubmission) -> list[Finding]:
    """One finding per sheet, at its first cell of TCVN3 or VNI text."""
    findings = []
    cells = [
        (parsed.info_sheet, row, _column(INFO, key).header, text)
        for key, (text, row) in parsed.info.items()
    ]
    sheets = [cells]
    for table in parsed.tables.values():
        sheets.append(
            [
                (table.name, row[ROW], table.columns[key], row.get(key))
                for row in table.rows
                for key in table.columns
            ]
        )
    for sheet_cells in sheets:
        for sheet, row, column, text in sheet_cells:
            encoding = legacy_encoding(text) if isinstance(text, str) else None
            if encoding:
                expected = f"văn bản Unicode (có vẻ là {encoding}) / Unicode text (like {encoding})"
                findings.append(Finding("ENCODING_LEGACY", sheet, row, column, text, expected))
                break
    return findings


def _check_info(parsed: ParsedSubmission, registry: Registry, verdict: Verdict) -> Period | None:
    texts = {key: parsed.info_value(key) for key in INFO.keys}
    frame = pd.DataFrame([texts], dtype=object)
    for rule, _, key, value in failures(schema_for(INFO, set(INFO.keys), Context()), frame):
        verdict.findings.append(_info_finding(parsed, rule, key, value, _expected(INFO, key, rule)))

    def add(rule: str, key: str, expected: str) -> None:
        verdict.findings.append(_info_finding(parsed, rule, key, texts[key], expected))

    period = parse_period(texts["period"])
    if texts["period"] is not None and period is None:
        add("PERIOD_INVALID", "period", EXPECTED["PERIOD_INVALID"])
    version = parse_version(texts["version"])
    if texts["version"] is not None and version is None:
        add("VERSION_INVALID", "version", EXPECTED["VERSION_INVALID"])
    submitted_on = parse_date(texts["submitted_on"])
    if submitted_on is not None and submitted_on > dt.date.today():
        add("SUBMITTED_FUTURE", "submitted_on", EXPECTED["SUBMITTED_FUTURE"])
    unit_code = texts["unit_code"]
    unit = registry.find(unit_code, period) if unit_code and period else None
    if unit_code is not None and not registry.versions(unit_code):
        add("UNIT_UNKNOWN", "unit_code", registry.suggest(unit_code))
    elif unit_code is not None and period is not None and unit is None:
        spans = registry.versions(unit_code)
        valid = ", ".join(f"{u.valid_from}..{u.valid_to or ''}" for u in spans)
        add("UNIT_INACTIVE", "unit_code", f"có hiệu lực / valid: {valid}")
    verdict.submission = {
        "unit_code": unit.unit_code if unit else unit_code,
        "period_code": period.code if period else texts["period"],
        "submitted_on": submitted_on,
        "version": version,
        "prepared_by": texts["prepared_by"],
        "contact": texts["contact"],
    }
    return period


def _info_finding(
    parsed: ParsedSubmission, rule: str, key: str, value: str | None, expected: str | None
) -> Finding:
    column = _column(INFO, key)
    row = parsed.info.get(key, (None, None))[1]
    return Finding(rule, parsed.info_sheet, row, column.header, value, expected)


def _check_table(
    table: Table, context: Context, registry: Registry, verdict: Verdict
) -> pd.DataFrame:
    spec, present = table.spec, set(table.columns)
    found: list[Finding] = [
        Finding("HEADER_MISSING", sheet=table.name, column=c.header, expected=c.header)
        for c in spec.columns
        if c.required and c.key not in present
    ]
    frame = _coded_frame(table)
    bad_rows: set[object] = set()
    for rule, index, key, value in failures(schema_for(spec, present, context), frame):
        bad_rows.add(index)
        found.append(
            Finding(
                rule,
                sheet=table.name,
                row=int(frame.at[index, ROW]),
                column=table.columns.get(key) or _column(spec, key).header,
                value=value,
                expected=_expected(spec, key, rule, value),
            )
        )
    found += _repeated_rows(table, frame)
    if spec.key == RECOGNITIONS.key:
        found += _unknown_owner_units(table, frame, registry)
    if spec.key == CLAIMED_TOTALS.key:
        # Claimed totals never block a submission: a row that cannot be read is left out.
        found = [_as_claim_ignored(f) for f in found]
        frame = frame.drop(index=list(bad_rows))
    verdict.findings += found
    return _typed(frame, spec, table.name)


def _repeated_rows(table: Table, frame: pd.DataFrame) -> list[Finding]:
    """Registrations or recognitions without a model code that repeat an earlier row in every
    column: most often a row pasted twice, which would count one model several times."""
    if table.spec.key not in (REGISTRATIONS.key, RECOGNITIONS.key):
        return []  # two people of the same name may share one award decision
    keys = [key for key in table.columns if key != "model_code"]
    codeless = frame[frame["model_code"].isna()]
    first_row: dict[tuple, int] = {}
    found = []
    for _, row in codeless.iterrows():
        values = tuple(fold(v) if isinstance(v, str) else v for v in row[keys])
        number = int(row[ROW])
        if values in first_row:
            same = f"dòng {first_row[values]} / row {first_row[values]}"
            found.append(Finding("ROW_REPEATED", table.name, number, None, None, same))
        else:
            first_row[values] = number
    return found


def _unknown_owner_units(table: Table, frame: pd.DataFrame, registry: Registry) -> list[Finding]:
    column = table.columns.get("owner_unit_code", "owner_unit_code")
    return [
        Finding("OWNER_UNIT_UNKNOWN", table.name, int(row[ROW]), column, row["owner_unit_code"])
        for _, row in frame.iterrows()
        if isinstance(row["owner_unit_code"], str) and not registry.versions(row["owner_unit_code"])
    ]


def _as_claim_ignored(finding: Finding) -> Finding:
    if finding.rule_id in ("COLUMN_IGNORED", "ROW_REPEATED"):
        return finding
    rule = finding.rule
    reason = finding.expected or f"{rule.message_vi} / {rule.message_en}"
    expected = f"{finding.rule_id}: {reason}"
    return Finding(
        "CLAIM_IGNORED", finding.sheet, finding.row, finding.column, finding.value, expected
    )


def _coded_frame(table: Table) -> pd.DataFrame:
    """Text frame with one column per format column; codes where the text was recognised."""
    records = []
    for row in table.rows:
        record: dict[str, object] = {}
        for column in table.spec.columns:
            text = row.get(column.key)
            if column.vocabulary is not None and text is not None:
                text = column.vocabulary.code_of(text) or text
            record[column.key] = text
        record[ROW] = row[ROW]
        records.append(record)
    return pd.DataFrame(records, columns=[*table.spec.keys, ROW], dtype=object)


def _typed(frame: pd.DataFrame, spec: Sheet, sheet_name: str) -> pd.DataFrame:
    typed = frame.rename(columns={ROW: "row_number"}).assign(sheet_name=sheet_name)
    for column in spec.columns:
        if column.is_date:
            typed[column.key] = typed[column.key].map(parse_date)
        elif column.is_integer:
            typed[column.key] = typed[column.key].map(parse_int)
    if "model_name" in typed:
        typed["model_name_key"] = typed["model_name"].map(
            lambda name: fold(name, dashes=False) if isinstance(name, str) else None
        )
    return typed


def _column(spec: Sheet, key: str) -> Column:
    return next(c for c in spec.columns if c.key == key)


def _expected(
    spec: Sheet, key: str, rule: str | None = None, value: str | None = None
) -> str | None:
    column = _column(spec, key)
    if column.vocabulary is not None and rule in ("CODE_UNKNOWN", "AWARD_FORM_OTHER"):
        return column.vocabulary.expected(near=value)
    if rule in EXPECTED:
        return EXPECTED[rule]
    if column.vocabulary is not None:
        return column.vocabulary.expected()
    return None


def parse_version(text: str | None) -> int | None:
    """A version is a small whole number: "1.635" is not version 1635 but a mistake."""
    if text is None or not text.strip().isdigit():
        return None
    version = int(text)
    return version if 1 <= version <= MAX_VERSION else None
