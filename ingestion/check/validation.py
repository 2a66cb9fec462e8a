"""All the rules of contract §2 over parsed files, a batch at a time: each file's verdict.

Text is normalised first (codes recognised whatever their spelling), then validated as strings
by the pandera schemas, and only then coerced to dates and numbers: a bad cell in one column
never hides the checks of another. A batch validates each sheet of all its files in one pandera
call; what a file's verdict says never depends on the files that share its batch, so a file
checked alone (`dvk validate`, `check.check_file`) gets the receipt the intake gives it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingestion.check.sheet_schemas import (
    AFTER_REFORM,
    FILE,
    SUBMITTED_ON,
    context_columns,
    failures,
    has_column,
    schema_for,
)
from ingestion.format.cells import MAX_COUNT, parse_count, parse_date, shown, unstorable
from ingestion.format.parsed import ROW, ParsedSubmission, Table
from ingestion.format.periods import CALENDAR_YEARS, REFORM_DATE, Period, parse_period, period_match
from ingestion.format.rows import Rows
from ingestion.format.rules import Finding, Severity
from ingestion.format.submission_format import (
    CLAIMED_TOTALS,
    INFO,
    RECOGNITIONS,
    REGISTRATIONS,
    TABLE_SHEETS,
    Column,
    Sheet,
)
from ingestion.format.vietnamese import fold
from ingestion.read.legacy_encoding import legacy_encoding
from ingestion.reference.registry import Registry

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
    """A `replicated_from` reference: where it is, as written, and what it names."""

    sheet: str
    row: int
    column: str
    text: str
    unit: str
    """The unit before `:`, or empty for the file's own unit."""
    code: str
    """The folded model code."""


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


def validate_batch(parsed: Sequence[ParsedSubmission], registry: Registry) -> list[Verdict]:
    """Every rule but the origins' (`check_origins`, which needs the files accepted before)."""
    verdicts = [Verdict(findings=list(p.findings)) for p in parsed]
    live = []
    for index, file in enumerate(parsed):
        if file.info_sheet is None:
            verdicts[index].findings.append(
                Finding("SHEET_MISSING", sheet=INFO.name, expected=INFO.name)
            )
        else:
            live.append(index)
            cells = _cells_by_sheet(file)
            verdicts[index].findings += _legacy_encodings(cells)
            verdicts[index].findings += _unstorable_cells(cells)
    periods = _check_info([parsed[i] for i in live], registry, [verdicts[i] for i in live])
    contexts = {i: (verdicts[i].submission["submitted_on"], periods[n]) for n, i in enumerate(live)}
    for sheet in TABLE_SHEETS:
        members = {i: parsed[i].tables[sheet.key] for i in live if sheet.key in parsed[i].tables}
        if members:
            _check_sheet(sheet, members, contexts, registry, verdicts)
    for index in live:
        if not any(table.rows for table in parsed[index].tables.values()):
            # Any sheet but Thông tin may be empty; a file with no rows at all is worth a word.
            verdicts[index].findings.append(Finding("NO_ROWS"))
        verdicts[index].origins = _origins(verdicts[index])
    return verdicts


def check_origins(verdict: Verdict, known_models: Callable[[str], set[str]]) -> None:
    """ORIGIN_UNKNOWN: a replicated model's origin is in this file or the warehouse (`UNIT:CODE`
    looks in that unit). Only a warning, as the origin may predate the warehouse. The file's own
    codes are looked in with the batch (`Verdict.origins` holds what they do not settle); the
    warehouse's here, file by file in arrival order, because they include the files accepted
    before."""
    for origin in verdict.origins:
        if origin.code in known_models(origin.unit or verdict.submission.get("unit_code") or ""):
            continue
        expected = EXPECTED["ORIGIN_UNKNOWN"]
        verdict.findings.append(
            Finding(
                "ORIGIN_UNKNOWN", origin.sheet, origin.row, origin.column, origin.text, expected
            )
        )


def _origins(verdict: Verdict) -> list[Origin]:
    """The replicated models' origins that the file's own codes do not settle."""
    rows = verdict.registrations
    if rows is None or not any(isinstance(value, str) for value in rows["replicated_from"]):
        return []
    own = {fold(code) for code in rows["model_code"] if isinstance(code, str)}
    column = (
        verdict.columns[REGISTRATIONS.key].get("replicated_from")
        or _column(REGISTRATIONS, "replicated_from").header
    )
    origins = []
    for reference, sheet, number in zip(
        rows["replicated_from"], rows["sheet_name"], rows["row_number"], strict=True
    ):
        if not isinstance(reference, str):
            continue
        unit, _, code = reference.rpartition(":")
        folded = fold(code)
        if not unit and folded in own:
            continue
        origins.append(Origin(sheet, int(number), column, reference, unit.strip(), folded))
    return origins


Cells = list[list[tuple[str | None, int, str, object]]]
"""A file's cells as (sheet, row, column header, text), a list per sheet."""


def _cells_by_sheet(parsed: ParsedSubmission) -> Cells:
    """Every cell read, as (sheet, row, column header, text), a list per sheet."""
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
    return sheets


def _unstorable_cells(cells: Cells) -> list[Finding]:
    """TEXT_UNSTORABLE at every cell holding a NUL or a lone surrogate: the loader could not
    write it, so the validator refuses it (what validation accepts, the warehouse holds)."""
    return [
        Finding("TEXT_UNSTORABLE", sheet, row, column, text, EXPECTED["TEXT_UNSTORABLE"])
        for sheet_cells in cells
        for sheet, row, column, text in sheet_cells
        if isinstance(text, str) and unstorable(text)
    ]


def _legacy_encodings(cells: Cells) -> list[Finding]:
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


def _check_info(
    parsed: list[ParsedSubmission], registry: Registry, verdicts: list[Verdict]
) -> list[Period | None]:
    texts = [{key: file.info_value(key) for key in INFO.keys} for file in parsed]
    frame = pd.DataFrame(texts, columns=list(INFO.keys), dtype=object)
    for key in context_columns(INFO):
        frame[key] = range(len(parsed)) if key == FILE else True
    for rule, index, key, value in failures(schema_for(INFO), frame):
        finding = _info_finding(parsed[index], rule, key, value, _expected(INFO, key, rule))
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
    column = _column(INFO, key)
    row = parsed.info.get(key, (None, None))[1]
    return Finding(rule, parsed.info_sheet, row, column.header, value, expected)


def _check_sheet(
    spec: Sheet,
    tables: dict[int, Table],
    contexts: dict[int, tuple[dt.date | None, Period | None]],
    registry: Registry,
    verdicts: list[Verdict],
) -> None:
    """One sheet of every file in the batch: one frame, one pandera call, findings per file."""
    found: dict[int, list[Finding]] = {index: [] for index in tables}
    for index, table in tables.items():
        verdicts[index].columns[spec.key] = table.columns
        found[index] += [
            Finding("HEADER_MISSING", sheet=table.name, column=c.header, expected=c.header)
            for c in spec.columns
            if c.required and c.key not in table.columns
        ]
    frame = _coded_frame(spec, tables, contexts)
    bad_rows: list[object] = []
    for rule, row, key, value in failures(schema_for(spec), frame):
        bad_rows.append(row)
        index = int(frame.at[row, FILE])
        table = tables[index]
        found[index].append(
            Finding(
                rule,
                sheet=table.name,
                row=int(frame.at[row, ROW]),
                column=table.columns.get(key) or _column(spec, key).header,
                value=value,
                expected=_expected(spec, key, rule, value),
            )
        )
    for index, finding in _repeated_rows(spec, tables, frame):
        found[index].append(finding)
    if spec.key == RECOGNITIONS.key:
        for index, finding in _owner_units(tables, frame, registry, contexts, verdicts):
            found[index].append(finding)
    if spec.key == CLAIMED_TOTALS.key:
        # Claimed totals never block a submission: a row that cannot be read is left out.
        found = {index: [_as_claim_ignored(f) for f in fs] for index, fs in found.items()}
        frame = frame.drop(index=bad_rows)
    for index, findings in found.items():
        verdicts[index].findings += findings
    typed = _typed(frame, spec, tables)
    columns = {key: typed[key].tolist() for key in typed.columns if key != FILE}
    spans = _spans(typed[FILE].tolist())
    for index in tables:
        start, end = spans.get(index, (0, 0))
        verdicts[index].tables[spec.key] = Rows(
            {key: values[start:end] for key, values in columns.items()}
        )


def _spans(files: list[int]) -> dict[int, tuple[int, int]]:
    """file → (first, last + 1) position of its rows: a batch frame holds each file's rows
    together, in the order the files were given."""
    spans, start = {}, 0
    for position in range(1, len(files) + 1):
        if position == len(files) or files[position] != files[start]:
            spans[files[start]] = (start, position)
            start = position
    return spans


def _repeated_rows(
    spec: Sheet, tables: dict[int, Table], frame: pd.DataFrame
) -> list[tuple[int, Finding]]:
    """Registrations or recognitions without a model code that repeat an earlier row of their
    file in every column: most often a row pasted twice, which would count one model twice."""
    if spec.key not in (REGISTRATIONS.key, RECOGNITIONS.key):
        return []  # two people of the same name may share one award decision
    keys = [FILE, *(key for key in spec.keys if key != "model_code")]
    codeless = frame.loc[frame["model_code"].isna(), [*keys, ROW]]
    first_row: dict[tuple, int] = {}
    found = []
    for row in codeless.itertuples(index=False, name=None):
        values = tuple(fold(v) if isinstance(v, str) else v for v in row[:-1])
        number = int(row[-1])
        if values in first_row:
            same = f"dòng {first_row[values]} / row {first_row[values]}"
            name = tables[values[0]].name
            found.append((values[0], Finding("ROW_REPEATED", name, number, None, None, same)))
        else:
            first_row[values] = number
    return found


def _owner_units(
    tables: dict[int, Table],
    frame: pd.DataFrame,
    registry: Registry,
    contexts: dict[int, tuple[dt.date | None, Period | None]],
    verdicts: list[Verdict],
) -> list[tuple[int, Finding]]:
    """The unit named in `Đơn vị đăng ký`, written as its registry writes it (so "bth‑lagi"
    with a look-alike hyphen joins the unit's models); OWNER_UNIT_UNKNOWN when no registry has
    it; RECOGNITION_OTHER_UNIT when a unit other than the province's committee above it decides
    on its model: one district raising another's model is more often a typo than a decision."""
    owners = frame["owner_unit_code"]
    codes = {
        code: registry.versions(code) for code in owners.dropna().unique() if isinstance(code, str)
    }
    canonical = {
        code: units[0].unit_code
        for code, units in codes.items()
        if units and units[0].unit_code != code
    }
    if canonical:
        frame["owner_unit_code"] = owners.replace(canonical)
    found = []
    for index, number, code in zip(frame[FILE], frame[ROW], owners, strict=True):
        if not isinstance(code, str):
            continue
        table = tables[index]
        column = table.columns.get("owner_unit_code", "owner_unit_code")
        if not codes[code]:
            found.append(
                (index, Finding("OWNER_UNIT_UNKNOWN", table.name, int(number), column, code))
            )
            continue
        owner = codes[code][0]
        period = contexts[index][1]
        submitter = verdicts[index].submission.get("unit_code")
        deciding = registry.find(str(submitter), period) if submitter and period else None
        if deciding is None or deciding.unit_code == owner.unit_code:
            continue
        if deciding.unit_type == "tinh_uy" and deciding.province_code == owner.province_code:
            continue
        expected = (
            f"mô hình của {owner.unit_code} ({owner.unit_name}), quyết định bởi "
            f"{deciding.unit_code} ({deciding.unit_name}) / a model of {owner.unit_code}, "
            f"decided by {deciding.unit_code}"
        )
        found.append(
            (
                int(index),
                Finding("RECOGNITION_OTHER_UNIT", table.name, int(number), column, code, expected),
            )
        )
    return found


def _as_claim_ignored(finding: Finding) -> Finding:
    if finding.rule_id in ("COLUMN_IGNORED", "ROW_REPEATED"):
        return finding
    rule = finding.rule
    reason = finding.expected or f"{rule.message_vi} / {rule.message_en}"
    expected = f"{finding.rule_id}: {reason}"
    return Finding(
        "CLAIM_IGNORED", finding.sheet, finding.row, finding.column, finding.value, expected
    )


def _coded_frame(
    spec: Sheet,
    tables: dict[int, Table],
    contexts: dict[int, tuple[dt.date | None, Period | None]],
) -> pd.DataFrame:
    """Text frame of every file's rows, one column per format column, codes where the text was
    recognised; then the context columns the checks need from each row's file."""
    records, files = [], []
    for index, table in tables.items():
        for row in table.rows:
            record: dict[str, object] = {}
            for column in spec.columns:
                text = row.get(column.key)
                if column.vocabulary is not None and text is not None:
                    text = column.vocabulary.code_of(text) or text
                record[column.key] = text
            record[ROW] = row[ROW]
            records.append(record)
        files.extend([index] * len(table.rows))
    frame = pd.DataFrame(records, columns=[*spec.keys, ROW], dtype=object)
    frame[FILE] = np.array(files, dtype=np.int64)
    frame[SUBMITTED_ON] = pd.Series(
        [contexts[i][0] for i in files], index=frame.index, dtype=object
    )
    reformed = {
        i: period is not None and period.start >= REFORM_DATE for i, (_, period) in contexts.items()
    }
    frame[AFTER_REFORM] = np.array([reformed[i] for i in files], dtype=bool)
    for column in spec.columns:
        if column.required:
            present = {i: column.key in tables[i].columns for i in tables}
            frame[has_column(column.key)] = np.array([present[i] for i in files], dtype=bool)
    return frame


def _typed(frame: pd.DataFrame, spec: Sheet, tables: dict[int, Table]) -> pd.DataFrame:
    names = {index: table.name for index, table in tables.items()}
    typed = frame[[*spec.keys, ROW, FILE]].rename(columns={ROW: "row_number"})
    typed["sheet_name"] = typed[FILE].map(names).astype(object)
    for column in spec.columns:
        if column.is_date:
            typed[column.key] = _mapped(typed[column.key], parse_date)
        elif column.is_integer:
            typed[column.key] = _mapped(typed[column.key], parse_count)
    if "model_name" in typed:
        typed["model_name_key"] = _mapped(
            typed["model_name"],
            lambda name: fold(name, dashes=False) if isinstance(name, str) else None,
        )
    return typed


def _mapped(series: pd.Series, parse: Callable[[object], object]) -> pd.Series:
    """Values as Python objects, None where empty: nothing left for pandas to guess."""
    return pd.Series([parse(value) for value in series], index=series.index, dtype=object)


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
    """A version is a small whole number: "1.635" is not version 1635 but a mistake, and "²",
    "①" or five thousand digits are no version (ASCII digits, three at most)."""
    if text is None or not re.fullmatch("[0-9]{1,3}", text.strip()):
        return None
    version = int(text)
    return version if 1 <= version <= MAX_VERSION else None
