"""The checks of a file as a whole, before its sheets: cells that cannot be stored or were typed
in a legacy Vietnamese encoding, and the `Thông tin` sheet (unit, period, dates, version)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ingestion.check.sheet_schemas import (
    FILE,
    context_columns,
    failures,
    schema_for,
)
from ingestion.check.verdict import EXPECTED, Verdict, expected_text, parse_version, sheet_column
from ingestion.format.cells import parse_date, shown, unstorable
from ingestion.format.parsed import ROW, ParsedSubmission
from ingestion.format.periods import CALENDAR_YEARS, Period, parse_period, period_match
from ingestion.format.rules import Finding
from ingestion.format.submission_format import (
    INFO,
)
from ingestion.read.legacy_encoding import legacy_encoding
from ingestion.reference.registry import Registry

Cells = list[list[tuple[str | None, int, str, object]]]
"""A file's cells as (sheet, row, column header, text), a list per sheet."""


def cells_by_sheet(parsed: ParsedSubmission) -> Cells:
    """Every cell read, as (sheet, row, column header, text), a list per sheet."""
    cells = [
        (parsed.info_sheet, row, sheet_column(INFO, key).header, text)
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
    return sheets


def unstorable_cells(cells: Cells) -> list[Finding]:
    """TEXT_UNSTORABLE at every cell holding a NUL or a lone surrogate: the loader could not
    write it, so the validator refuses it (what validation accepts, the warehouse holds)."""
    return [
        Finding("TEXT_UNSTORABLE", sheet, row, column, text, EXPECTED["TEXT_UNSTORABLE"])
        for sheet_cells in cells
        for sheet, row, column, text in sheet_cells
        if isinstance(text, str) and unstorable(text)
    ]


def legacy_encodings(cells: Cells) -> list[Finding]:
    """One finding per sheet, at its first cell of TCVN3 or VNI text."""
    findings = []
    for sheet_cells in cells:
        for sheet, row, column, text in sheet_cells:
            encoding = legacy_encoding(text) if isinstance(text, str) else None
            if encoding:
                expected = f"văn bản Unicode (có vẻ là {encoding}) / Unicode text (like {encoding})"
                findings.append(Finding("ENCODING_LEGACY", sheet, row, column, text, expected))
                break
    return findings


def check_info(
    parsed: list[ParsedSubmission], registry: Registry, verdicts: list[Verdict]
) -> list[Period | None]:
    texts = [{key: file.info_value(key) for key in INFO.keys} for file in parsed]
    frame = pd.DataFrame(texts, columns=list(INFO.keys), dtype=object)
    for key in context_columns(INFO):
        frame[key] = range(len(parsed)) if key == FILE else True
    for rule, index, key, value in failures(schema_for(INFO), frame):
        finding = _info_finding(parsed[index], rule, key, value, expected_text(INFO, key, rule))
        verdicts[index].findings.append(finding)
    return [
        _check_info_values(file, registry, verdict, values)
        for file, verdict, values in zip(parsed, verdicts, texts, strict=True)
    ]


def _check_info_values(
    parsed: ParsedSubmission, registry: Registry, verdict: Verdict, texts: dict[str, str | None]
) -> Period | None:
    def add(rule: str, key: str, expected: str) -> None:
        verdict.findings.append(_info_finding(parsed, rule, key, texts[key], expected))

    period = parse_period(texts["period"])
    if texts["period"] is not None and period is None:
        if period_match(texts["period"]):
            add("PERIOD_OUT_OF_RANGE", "period", _period_range())
        else:
            add("PERIOD_INVALID", "period", EXPECTED["PERIOD_INVALID"])
    elif period is not None and period.start > dt.date.today():
        add("PERIOD_OUT_OF_RANGE", "period", _period_range())
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
        "unit_code": unit.unit_code if unit else _storable(unit_code),
        "period_code": period.code if period else _storable(texts["period"]),
        "submitted_on": submitted_on,
        "version": version,
        "prepared_by": _storable(texts["prepared_by"]),
        "contact": _storable(texts["contact"]),
    }
    return period


def _storable(text: str | None) -> str | None:
    """A rejected file's `Thông tin` is stored too (`raw.submissions`): as its receipt shows it."""
    return None if text is None else shown(text)


def _period_range() -> str:
    first, today = CALENDAR_YEARS[0], dt.date.today()
    return (
        f"một kỳ từ {first} đến kỳ đang diễn ra ({today.year}) / a period from {first} to the "
        f"current one ({today.year})"
    )


def _info_finding(
    parsed: ParsedSubmission, rule: str, key: str, value: str | None, expected: str | None
) -> Finding:
    column = sheet_column(INFO, key)
    row = parsed.info.get(key, (None, None))[1]
    return Finding(rule, parsed.info_sheet, row, column.header, value, expected)
