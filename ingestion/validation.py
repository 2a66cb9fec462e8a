"""All the rules of contract §2 over one parsed file, in one pass: the verdict and its findings.

Text is normalised first (codes recognised whatever their spelling), then validated as strings
by the pandera schemas, and only then coerced to dates and numbers: a bad cell in one column
never hides the checks of another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ingestion.cells import parse_date, parse_int
from ingestion.parsed import ROW, ParsedSubmission, Table
from ingestion.periods import Period, parse_period
from ingestion.registry import Registry
from ingestion.rules import Finding, Severity
from ingestion.sheet_schemas import failures, info_schema, registrations_schema
from ingestion.submission_format import INFO, REGISTRATIONS, Sheet
from ingestion.vietnamese import fold


@dataclass
class Verdict:
    findings: list[Finding]
    submission: dict[str, object] = field(default_factory=dict)
    """unit_code, period_code, submitted_on, version, prepared_by, contact: what could be read."""
    registrations: pd.DataFrame | None = None
    registrations_sheet: str | None = None

    @property
    def accepted(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def validate(parsed: ParsedSubmission, registry: Registry) -> Verdict:
    verdict = Verdict(findings=list(parsed.findings))
    if parsed.info_sheet is None:
        verdict.findings.append(Finding("SHEET_MISSING", sheet=INFO.name, expected=INFO.name))
        return verdict
    period = _check_info(parsed, registry, verdict)
    table = parsed.tables.get(REGISTRATIONS.key)
    if table is not None:
        verdict.registrations = _check_registrations(table, period, verdict)
        verdict.registrations_sheet = table.name
    return verdict


def _check_info(parsed: ParsedSubmission, registry: Registry, verdict: Verdict) -> Period | None:
    texts = {key: parsed.info_value(key) for key in INFO.keys}
    frame = pd.DataFrame([texts], dtype=object)
    for rule, _, key, value in failures(info_schema(set(INFO.keys)), frame):
        verdict.findings.append(_info_finding(parsed, rule, key, value, _expected(INFO, key)))

    period = parse_period(texts["period"])
    if texts["period"] is not None and period is None:
        expected = "2023 · 2023-H1 · 2023-H2 · 2023-Q1..Q4"
        verdict.findings.append(
            _info_finding(parsed, "PERIOD_INVALID", "period", texts["period"], expected)
        )
    version = parse_int(texts["version"])
    if texts["version"] is not None and version is None:
        verdict.findings.append(
            _info_finding(parsed, "VERSION_INVALID", "version", texts["version"], "1, 2, 3 ...")
        )
    unit_code = texts["unit_code"]
    if unit_code is not None and not registry.versions(unit_code):
        verdict.findings.append(
            _info_finding(
                parsed,
                "UNIT_UNKNOWN",
                "unit_code",
                unit_code,
                "a unit_code of reference/units/*.csv",
            )
        )
    elif unit_code is not None and period is not None and registry.find(unit_code, period) is None:
        spans = ", ".join(
            f"{u.valid_from}..{u.valid_to or ''}" for u in registry.versions(unit_code)
        )
        verdict.findings.append(
            _info_finding(parsed, "UNIT_INACTIVE", "unit_code", unit_code, spans)
        )
    unit = registry.find(unit_code, period) if unit_code and period else None
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
    parsed: ParsedSubmission,
    rule: str,
    key: str,
    value: str | None,
    expected: str | None,
) -> Finding:
    column = next(c for c in INFO.columns if c.key == key)
    row = parsed.info.get(key, (None, None))[1]
    return Finding(
        rule,
        sheet=parsed.info_sheet,
        row=row,
        column=column.header,
        value=value,
        expected=expected,
    )


def _check_registrations(table: Table, period: Period | None, verdict: Verdict) -> pd.DataFrame:
    spec = table.spec
    present = set(table.columns)
    for column in spec.columns:
        if column.required and column.key not in present:
            verdict.findings.append(
                Finding(
                    "HEADER_MISSING",
                    sheet=table.name,
                    column=column.header,
                    expected=column.header,
                )
            )
    if not table.rows:
        verdict.findings.append(Finding("NO_ROWS", sheet=table.name))
    frame = _coded_frame(table)
    schema = registrations_schema(present, period)
    for rule, index, key, value in failures(schema, frame):
        verdict.findings.append(
            Finding(
                rule,
                sheet=table.name,
                row=int(table.rows[index][ROW]),
                column=table.columns.get(key) or _header(spec, key),
                value=value,
                expected=_expected(spec, key, rule),
            )
        )
    return _typed_registrations(frame)


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


def _typed_registrations(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.rename(columns={ROW: "row_number"}).copy()
    typed["model_name_key"] = typed["model_name"].map(_name_key)
    typed["started_on"] = typed["started_on"].map(parse_date)
    return typed


def _name_key(name: object) -> str | None:
    return fold(name, dashes=False) if isinstance(name, str) else None


def _header(spec: Sheet, key: str) -> str:
    return next((c.header for c in spec.columns if c.key == key), key)


def _expected(spec: Sheet, key: str, rule: str | None = None) -> str | None:
    column = next((c for c in spec.columns if c.key == key), None)
    if column is None:
        return None
    if rule == "ORIGIN_REQUIRED":
        return "the model_code of the origin model"
    if rule == "LEVEL_AFTER_REFORM":
        return "Cấp xã · Cấp tỉnh"
    if rule == "MODEL_CODE_DUPLICATE":
        return "a code used once per file"
    if column.vocabulary is not None:
        return column.vocabulary.expected()
    if column.is_date:
        return "dd/mm/yyyy"
    return column.header if column.required else None
