"""All the rules of contract §2 over one parsed file, in one pass: the verdict and its findings.

Text is normalised first (codes recognised whatever their spelling), then validated as strings
by the pandera schemas, and only then coerced to dates and numbers: a bad cell in one column
never hides the checks of another.
"""

from __future__ import annotations

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
from ingestion.submission_format import CLAIMED_TOTALS, INFO, RECOGNITIONS, Column, Sheet
from ingestion.vietnamese import fold

EXPECTED = {
    "ORIGIN_REQUIRED": "the model_code of the origin model",
    "ORIGIN_UNKNOWN": "a model_code registered before, or UNIT:CODE",
    "LEVEL_AFTER_REFORM": "Cấp xã · Cấp tỉnh · Trung ương",
    "MODEL_CODE_DUPLICATE": "a code used once per file",
    "MODEL_REFERENCE_REQUIRED": "Mã mô hình or Tên mô hình",
    "DECISION_REQUIRED": "a value when the outcome is decided",
    "DATE_FUTURE": "a date not after Ngày gửi",
    "NUMBER_INVALID": "a whole number, e.g. 1635 or 1.635",
}


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
                expected = f"Unicode text (this looks like {encoding})"
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
        add("PERIOD_INVALID", "period", "2023 · 2023-H1 · 2023-H2 · 2023-Q1..Q4")
    version = parse_int(texts["version"])
    if texts["version"] is not None and version is None:
        add("VERSION_INVALID", "version", "1, 2, 3 ...")
    unit_code = texts["unit_code"]
    unit = registry.find(unit_code, period) if unit_code and period else None
    if unit_code is not None and not registry.versions(unit_code):
        add("UNIT_UNKNOWN", "unit_code", "a unit_code of reference/units/*.csv")
    elif unit_code is not None and period is not None and unit is None:
        spans = registry.versions(unit_code)
        add(
            "UNIT_INACTIVE",
            "unit_code",
            ", ".join(f"{u.valid_from}..{u.valid_to or ''}" for u in spans),
        )
    verdict.submission = {
        "unit_code": unit.unit_code if unit else unit_code,
        "period_code": period.code if period else texts["period"],
        "submitted_on": parse_date(texts["submitted_on"]),
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
                expected=_expected(spec, key, rule),
            )
        )
    if spec.key == RECOGNITIONS.key:
        found += _unknown_owner_units(table, frame, registry)
    if spec.key == CLAIMED_TOTALS.key:
        # Claimed totals never block a submission: a row that cannot be read is left out.
        found = [_as_claim_ignored(f) for f in found]
        frame = frame.drop(index=list(bad_rows))
    verdict.findings += found
    return _typed(frame, spec, table.name)


def _unknown_owner_units(table: Table, frame: pd.DataFrame, registry: Registry) -> list[Finding]:
    column = table.columns.get("owner_unit_code", "owner_unit_code")
    return [
        Finding("OWNER_UNIT_UNKNOWN", table.name, int(row[ROW]), column, row["owner_unit_code"])
        for _, row in frame.iterrows()
        if isinstance(row["owner_unit_code"], str) and not registry.versions(row["owner_unit_code"])
    ]


def _as_claim_ignored(finding: Finding) -> Finding:
    if finding.rule_id == "COLUMN_IGNORED":
        return finding
    expected = f"{finding.rule_id}: {finding.expected or finding.rule.message_en}"
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


def _expected(spec: Sheet, key: str, rule: str | None = None) -> str | None:
    if rule in EXPECTED:
        return EXPECTED[rule]
    column = _column(spec, key)
    if column.vocabulary is not None:
        return column.vocabulary.expected()
    if column.is_date:
        return "dd/mm/yyyy"
    return column.header if column.required else None
