"""All the rules of contract §2 over parsed files, a batch at a time: each file's verdict.

Text is normalised first (codes recognised whatever their spelling), then validated as strings
by the pandera schemas, and only then coerced to dates and numbers: a bad cell in one column
never hides the checks of another. A batch validates each sheet of all its files in one pandera
call; what a file's verdict says never depends on the files that share its batch, so a file
checked alone (`dvk validate`, `check.check_file`) gets the receipt the intake gives it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ingestion.check.file_checks import (
    cells_by_sheet,
    check_info,
    legacy_encodings,
    unstorable_cells,
)
from ingestion.check.origins import unsettled_origins
from ingestion.check.sheet_schemas import (
    AFTER_REFORM,
    FILE,
    SUBMITTED_ON,
    failures,
    has_column,
    schema_for,
)
from ingestion.check.verdict import Verdict, expected_text, sheet_column
from ingestion.format.cells import parse_amount, parse_count, parse_date
from ingestion.format.parsed import ROW, ParsedSubmission, Table
from ingestion.format.periods import REFORM_DATE, Period
from ingestion.format.rows import Rows
from ingestion.format.rules import Finding
from ingestion.format.submission_format import (
    CLAIMED_TOTALS,
    INFO,
    RECOGNITIONS,
    REGISTRATIONS,
    TABLE_SHEETS,
    Sheet,
)
from ingestion.format.vietnamese import fold
from ingestion.reference.registry import Registry


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
            cells = cells_by_sheet(file)
            verdicts[index].findings += legacy_encodings(cells)
            verdicts[index].findings += unstorable_cells(cells)
    periods = check_info([parsed[i] for i in live], registry, [verdicts[i] for i in live])
    contexts = {i: (verdicts[i].submission["submitted_on"], periods[n]) for n, i in enumerate(live)}
    for sheet in TABLE_SHEETS:
        members = {i: parsed[i].tables[sheet.key] for i in live if sheet.key in parsed[i].tables}
        if members:
            _check_sheet(sheet, members, contexts, registry, verdicts)
    for index in live:
        if not any(table.rows for table in parsed[index].tables.values()):
            # Any sheet but Thông tin may be empty; a file with no rows at all is worth a word.
            verdicts[index].findings.append(Finding("NO_ROWS"))
        verdicts[index].origins = unsettled_origins(verdicts[index])
    return verdicts


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
                column=table.columns.get(key) or sheet_column(spec, key).header,
                value=value,
                expected=expected_text(spec, key, rule, value),
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
        elif column.is_decimal:
            typed[column.key] = _mapped(typed[column.key], parse_amount)
    if "model_name" in typed:
        typed["model_name_key"] = _mapped(
            typed["model_name"],
            lambda name: fold(name, dashes=False) if isinstance(name, str) else None,
        )
    return typed


def _mapped(series: pd.Series, parse: Callable[[object], object]) -> pd.Series:
    """Values as Python objects, None where empty: nothing left for pandas to guess."""
    return pd.Series([parse(value) for value in series], index=series.index, dtype=object)
