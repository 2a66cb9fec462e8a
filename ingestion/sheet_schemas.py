"""pandera schemas for the sheets, built from `submission_format` so the two cannot drift.

Frames hold text only (validate strings, coerce afterwards): coded columns carry the code when
the text was recognised, else the text as found, so a failure shows what the office wrote.
Every check is named by its rule id; `failures` turns pandera's report into findings.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ingestion.cells import parse_date
from ingestion.periods import REFORM_DATE, Period
from ingestion.submission_format import INFO, REGISTRATIONS, Sheet
from ingestion.vietnamese import fold

# pandera's own name for a null in a non-nullable column.
_NOT_NULLABLE = "not_nullable"
# A frame-wide rule is reported on the column that carries the fault.
RULE_COLUMNS = {
    "ORIGIN_REQUIRED": "replicated_from",
    "LEVEL_AFTER_REFORM": "level",
    "MODEL_CODE_DUPLICATE": "model_code",
}


def column_schema(sheet: Sheet, present: set[str]) -> dict[str, pa.Column]:
    """One pandera column per format column. A required column missing from the file is reported
    once as HEADER_MISSING, so it is not also reported as empty on every row."""
    columns = {}
    for spec in sheet.columns:
        checks = []
        if spec.vocabulary is not None:
            checks.append(pa.Check.isin(spec.vocabulary.codes, error="CODE_UNKNOWN"))
        if spec.is_date:
            checks.append(
                pa.Check(
                    lambda s: s.map(lambda v: parse_date(v) is not None),
                    error="DATE_INVALID",
                )
            )
        columns[spec.key] = pa.Column(
            None,
            checks=checks,
            nullable=not (spec.required and spec.key in present),
            required=False,
            description=spec.description or spec.header,
        )
    return columns


def info_schema(present: set[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(column_schema(INFO, present), name=INFO.key)


def registrations_schema(present: set[str], period: Period | None) -> pa.DataFrameSchema:
    checks = [
        pa.Check(
            lambda df: ~((df["status"] == "nhan_rong") & df["replicated_from"].isna()),
            error="ORIGIN_REQUIRED",
        ),
        pa.Check(
            lambda df: (
                df["model_code"].isna()
                | ~df["model_code"]
                .map(lambda v: fold(v) if isinstance(v, str) else v)
                .duplicated(keep=False)
            ),
            error="MODEL_CODE_DUPLICATE",
        ),
    ]
    if period is not None and period.start >= REFORM_DATE:
        checks.append(pa.Check(lambda df: df["level"] != "huyen", error="LEVEL_AFTER_REFORM"))
    return pa.DataFrameSchema(
        column_schema(REGISTRATIONS, present), checks=checks, name=REGISTRATIONS.key
    )


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """(rule id, frame index, column key, value) for every failure, all found in one lazy pass."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    found: dict[tuple[str, object, str], str] = {}
    for case in cases.itertuples(index=False):
        rule = "VALUE_REQUIRED" if case.check == _NOT_NULLABLE else str(case.check)
        column = RULE_COLUMNS.get(rule, case.column)
        value = frame.at[case.index, column] if column in frame.columns else None
        found.setdefault((rule, case.index, column), None if pd.isna(value) else str(value))
    return [(rule, index, column, value) for (rule, index, column), value in found.items()]
