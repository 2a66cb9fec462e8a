"""pandera schemas for the sheets, built from `submission_format` so the two cannot drift.

One schema validates a sheet of many files at once: pandera's fixed cost per call is paid per
batch, not per file. Frames hold text only (validate strings, coerce afterwards): coded columns
carry the code when the text was recognised, else the text as found, so a failure shows what the
office wrote. What a check needs from the rest of its file rides along as context columns
(`CONTEXT`), so no check depends on which files share the batch. Every check is named by its
rule id, `RULE` or `RULE:column` for a check across columns; `failures` turns pandera's report
into (rule, row index, column, value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from ingestion.format.cells import parse_amount, parse_count, parse_date, parse_int
from ingestion.format.submission_format import OUTCOMES, RECOGNITIONS, REGISTRATIONS, Sheet
from ingestion.format.vietnamese import fold

FILE = "_file"
"""The row's file: its place in the batch."""
SUBMITTED_ON = "_submitted_on"
"""The file's `Ngày gửi` as a date, or None: no decision may come after it."""
AFTER_REFORM = "_after_reform"
"""Whether the file's period starts after the 2025 reform: no district level any more."""
CONTEXT = (FILE, SUBMITTED_ON, AFTER_REFORM)


def has_column(key: str) -> str:
    """The context column saying whether the row's file has column `key` at all. A required
    column missing from a file is reported once as HEADER_MISSING, not as empty on every row."""
    return f"_has_{key}"


def context_columns(sheet: Sheet) -> list[str]:
    return [*CONTEXT, *(has_column(c.key) for c in sheet.columns if c.required)]


def schema_for(sheet: Sheet) -> pa.DataFrameSchema:
    if sheet.key not in _SCHEMAS:
        _SCHEMAS[sheet.key] = _schema(sheet)
    return _SCHEMAS[sheet.key]


_SCHEMAS: dict[str, pa.DataFrameSchema] = {}


def _schema(sheet: Sheet) -> pa.DataFrameSchema:
    checks = [*_required_checks(sheet), *_TABLE_CHECKS.get(sheet.key, list)()]
    if any(c.key == "decision_date" for c in sheet.columns):
        checks.append(pa.Check(_decided_in_time, error="DATE_FUTURE:decision_date"))
    return pa.DataFrameSchema(column_schema(sheet), checks=checks, name=sheet.key)


def column_schema(sheet: Sheet) -> dict[str, pa.Column]:
    """One pandera column per format column, with the checks that need nothing but the cell."""
    columns = {}
    for spec in sheet.columns:
        checks = []
        if spec.vocabulary is not None:
            rule = "AWARD_FORM_OTHER" if spec.open_list else "CODE_UNKNOWN"
            checks.append(pa.Check.isin(spec.vocabulary.codes, error=rule))
        if spec.is_date:
            checks.append(_element_check(lambda v: parse_date(v) is not None, "DATE_INVALID"))
        if spec.is_integer:
            checks.append(_element_check(lambda v: parse_int(v) is not None, "NUMBER_INVALID"))
            checks.append(
                _element_check(
                    lambda v: parse_int(v) is None or parse_count(v) is not None,
                    "NUMBER_OUT_OF_RANGE",
                )
            )
        if spec.is_decimal:
            checks.append(_element_check(lambda v: parse_amount(v) is not None, "AMOUNT_INVALID"))
        columns[spec.key] = pa.Column(
            None,
            checks=checks,
            nullable=True,
            required=False,
            description=spec.description or spec.header,
        )
    return columns


def _required_checks(sheet: Sheet) -> list[pa.Check]:
    return [
        pa.Check(
            lambda df, k=column.key: df[k].notna() | ~df[has_column(k)].astype(bool),
            error=f"VALUE_REQUIRED:{column.key}",
        )
        for column in sheet.columns
        if column.required
    ]


def _element_check(predicate: Callable[[str], bool], rule: str) -> pa.Check:
    return pa.Check(lambda s: s.map(predicate), error=rule)


def _decided_in_time(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            _not_after(v, d)
            for v, d in zip(frame["decision_date"], frame[SUBMITTED_ON], strict=True)
        ],
        index=frame.index,
        dtype=bool,
    )


def _not_after(text: object, sent: dt.date | None) -> bool:
    date = parse_date(text) if isinstance(text, str) and sent is not None else None
    return date is None or date <= sent


def _after_reform(frame: pd.DataFrame) -> pd.Series:
    return frame[AFTER_REFORM].astype(bool)


def _registration_checks() -> list[pa.Check]:
    return [
        pa.Check(
            lambda df: ~((df["status"] == "nhan_rong") & df["replicated_from"].isna()),
            error="ORIGIN_REQUIRED:replicated_from",
        ),
        pa.Check(_codes_unique_per_file, error="MODEL_CODE_DUPLICATE:model_code"),
        pa.Check(
            lambda df: ~(_after_reform(df) & (df["level"] == "huyen")),
            error="LEVEL_AFTER_REFORM:level",
        ),
    ]


def _codes_unique_per_file(frame: pd.DataFrame) -> pd.Series:
    folded = pd.DataFrame({FILE: frame[FILE], "code": folded_codes(frame["model_code"])})
    return frame["model_code"].isna() | ~folded.duplicated(keep=False)


def _recognition_checks() -> list[pa.Check]:
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
    checks.append(
        pa.Check(
            lambda df: ~(_after_reform(df) & (df["recognition_level"] == "huyen")),
            error="LEVEL_AFTER_REFORM:recognition_level",
        )
    )
    return checks


def _outcome_checks() -> list[pa.Check]:
    return [
        pa.Check(
            lambda df: df["model_code"].notna() | df["model_name"].notna(),
            error="MODEL_REFERENCE_REQUIRED:model_name",
        ),
        pa.Check(_within_the_whole, error="OUT_OF_BELOW_VALUE:out_of"),
        pa.Check(_one_row_per_model_and_indicator, error="OUTCOME_DUPLICATE:indicator"),
    ]


def _within_the_whole(frame: pd.DataFrame) -> pd.Series:
    """A part never exceeds its whole ("2.728" of "7.811"); unreadable numbers are reported by
    their own check."""
    value, whole = frame["value"].map(_amount), frame["out_of"].map(_amount)
    return value.isna() | whole.isna() | (value <= whole)


def _amount(text: object) -> float:
    amount = parse_amount(text) if isinstance(text, str) else None
    return float("nan") if amount is None else amount


def _one_row_per_model_and_indicator(frame: pd.DataFrame) -> pd.Series:
    keys = pd.DataFrame(
        {
            FILE: frame[FILE],
            "model": folded_codes(frame["model_code"].fillna(frame["model_name"])),
            "indicator": folded_codes(frame["indicator"]),
        }
    )
    return keys["indicator"].isna() | ~keys.duplicated(keep=False)


_TABLE_CHECKS: dict[str, Callable[[], list[pa.Check]]] = {
    REGISTRATIONS.key: _registration_checks,
    RECOGNITIONS.key: _recognition_checks,
    OUTCOMES.key: _outcome_checks,
}


def folded_codes(series: pd.Series) -> pd.Series:
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
        column = column or case.column
        value = frame.at[case.index, column] if column in frame.columns else None
        found.setdefault((rule, case.index, column), None if pd.isna(value) else str(value))
    return [(rule, index, column, value) for (rule, index, column), value in found.items()]
