"""pandera schemas for the sheets, built from `submission_format` so the two cannot drift.

Frames hold text only (validate strings, coerce afterwards): coded columns carry the code when
the text was recognised, else the text as found, so a failure shows what the office wrote.
Every check is named by its rule id, `RULE` or `RULE:column` for a check across columns;
`failures` turns pandera's report into (rule, row index, column, value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from ingestion.cells import parse_date, parse_int
from ingestion.periods import REFORM_DATE, Period
from ingestion.submission_format import (
    AWARDS,
    CLAIMED_TOTALS,
    INFO,
    RECOGNITIONS,
    REGISTRATIONS,
    Sheet,
)
from ingestion.vietnamese import fold

# pandera's own name for a null in a non-nullable column.
_NOT_NULLABLE = "not_nullable"


@dataclass(frozen=True)
class Context:
    """What the checks of a table need from the rest of the file and the warehouse."""

    period: Period | None = None
    submitted_on: dt.date | None = None
    unit_code: str | None = None
    known_models: Callable[[str], set[str]] = field(default=lambda unit: set())
    """unit_code → the folded model codes the warehouse already holds for it."""


def column_schema(sheet: Sheet, present: set[str], context: Context) -> dict[str, pa.Column]:
    """One pandera column per format column. A required column missing from the file is reported
    once as HEADER_MISSING, so it is not also reported as empty on every row."""
    columns = {}
    for spec in sheet.columns:
        checks = []
        if spec.vocabulary is not None:
            rule = "AWARD_FORM_OTHER" if spec.open_list else "CODE_UNKNOWN"
            checks.append(pa.Check.isin(spec.vocabulary.codes, error=rule))
        if spec.is_date:
            checks.append(_element_check(lambda v: parse_date(v) is not None, "DATE_INVALID"))
            if spec.key == "decision_date" and context.submitted_on is not None:
                sent = context.submitted_on
                checks.append(_element_check(lambda v, d=sent: _not_after(v, d), "DATE_FUTURE"))
        if spec.is_integer:
            checks.append(_element_check(lambda v: parse_int(v) is not None, "NUMBER_INVALID"))
        columns[spec.key] = pa.Column(
            None,
            checks=checks,
            nullable=not (spec.required and spec.key in present),
            required=False,
            description=spec.description or spec.header,
        )
    return columns


def _element_check(predicate: Callable[[str], bool], rule: str) -> pa.Check:
    return pa.Check(lambda s: s.map(predicate), error=rule)


def _not_after(text: str, sent: dt.date) -> bool:
    date = parse_date(text)
    return date is None or date <= sent


def schema_for(sheet: Sheet, present: set[str], context: Context) -> pa.DataFrameSchema:
    checks = _TABLE_CHECKS.get(sheet.key, lambda _: [])(context)
    return pa.DataFrameSchema(column_schema(sheet, present, context), checks=checks, name=sheet.key)


def _after_reform(context: Context) -> bool:
    return context.period is not None and context.period.start >= REFORM_DATE


def _registration_checks(context: Context) -> list[pa.Check]:
    checks = [
        pa.Check(
            lambda df: ~((df["status"] == "nhan_rong") & df["replicated_from"].isna()),
            error="ORIGIN_REQUIRED:replicated_from",
        ),
        pa.Check(
            lambda df: df["model_code"].isna() | ~_folded(df["model_code"]).duplicated(keep=False),
            error="MODEL_CODE_DUPLICATE:model_code",
        ),
        pa.Check(lambda df: _origin_known(df, context), error="ORIGIN_UNKNOWN:replicated_from"),
    ]
    if _after_reform(context):
        checks.append(pa.Check(lambda df: df["level"] != "huyen", error="LEVEL_AFTER_REFORM:level"))
    return checks


def _origin_known(frame: pd.DataFrame, context: Context) -> pd.Series:
    """An origin is known when this file or the warehouse holds its code (`UNIT:CODE` looks in
    that unit). Unknown is only a warning: the origin may predate the warehouse."""
    own = set(_folded(frame["model_code"]).dropna())

    def known(reference: object) -> bool:
        if not isinstance(reference, str):
            return True
        unit, _, code = reference.rpartition(":")
        if not unit and fold(code) in own:
            return True
        return fold(code) in context.known_models(unit.strip() or context.unit_code or "")

    return frame["replicated_from"].map(known)


def _recognition_checks(context: Context) -> list[pa.Check]:
    decided = ("cong_nhan", "khong_cong_nhan")
    checks = [
        pa.Check(
            lambda df: df["model_code"].notna() | df["model_name"].notna(),
            error="MODEL_REFERENCE_REQUIRED:model_name",
        ),
        pa.Check(
            lambda df: ~(df["outcome"].isin(decided) & df["recognizing_body"].isna()),
            error="DECISION_REQUIRED:recognizing_body",
        ),
    ]
    for column in ("decision_no", "decision_date"):
        checks.append(
            pa.Check(
                lambda df, c=column: ~((df["outcome"] == "cong_nhan") & df[c].isna()),
                error=f"DECISION_REQUIRED:{column}",
            )
        )
    if _after_reform(context):
        checks.append(
            pa.Check(
                lambda df: df["recognition_level"] != "huyen",
                error="LEVEL_AFTER_REFORM:recognition_level",
            )
        )
    return checks


_TABLE_CHECKS: dict[str, Callable[[Context], list[pa.Check]]] = {
    REGISTRATIONS.key: _registration_checks,
    RECOGNITIONS.key: _recognition_checks,
    AWARDS.key: lambda _: [],
    CLAIMED_TOTALS.key: lambda _: [],
    INFO.key: lambda _: [],
}


def _folded(series: pd.Series) -> pd.Series:
    return series.map(lambda v: fold(v) if isinstance(v, str) else None)


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """(rule id, frame index, column key, value) for every failure, all found in one lazy pass."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    found: dict[tuple[str, object, str], str | None] = {}
    for case in cases.itertuples(index=False):
        rule, _, column = str(case.check).partition(":")
        rule = "VALUE_REQUIRED" if rule == _NOT_NULLABLE else rule
        column = column or case.column
        value = frame.at[case.index, column] if column in frame.columns else None
        found.setdefault((rule, case.index, column), None if pd.isna(value) else str(value))
    return [(rule, index, column, value) for (rule, index, column), value in found.items()]
