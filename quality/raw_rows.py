"""pandera schemas for the raw tables: what the loader wrote must be what validation let through.

Validation checks a file's text before it is loaded; these check the typed rows the warehouse
holds afterwards (codes in their lists, required values present, counts not negative), for the
files one run loaded only, so the cost follows the run and not the history. A failure here is
a loader defect, never an office's mistake: it blocks the publish.
"""

from __future__ import annotations

import duckdb
import pandera.pandas as pa

from ingestion.format.raw_tables import RAW_SCHEMA
from ingestion.format.submission_format import TABLE_SHEETS, Sheet

CHECK_NAME = "rows_match_schema"


def raw_schema(sheet: Sheet) -> pa.DataFrameSchema:
    columns = {
        "submission_id": pa.Column(nullable=False),
        "row_number": pa.Column(checks=pa.Check.ge(1), nullable=False),
    }
    for spec in sheet.columns:
        checks = []
        if spec.vocabulary is not None and not spec.open_list:
            checks.append(pa.Check.isin(spec.vocabulary.codes))
        if spec.is_integer or spec.is_decimal:
            checks.append(pa.Check.ge(0))
        columns[spec.key] = pa.Column(checks=checks, nullable=not spec.required)
    return pa.DataFrameSchema(columns, name=f"{RAW_SCHEMA}.{sheet.key}")


def check_loaded_rows(
    con: duckdb.DuckDBPyConnection, submission_ids: list[str]
) -> dict[str, tuple[int, list[dict]]]:
    """Table → (rows checked, failures as {row, column, check, value}) for the given files."""
    results = {}
    for sheet in TABLE_SHEETS:
        frame = con.execute(
            f"select * from {RAW_SCHEMA}.{sheet.key} where submission_id in (select unnest(?))",
            [submission_ids],
        ).df()
        failures = []
        try:
            raw_schema(sheet).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            for case in errors.failure_cases.to_dict("records"):
                index = case.get("index")
                located = frame.iloc[int(index)] if index is not None and index == index else None
                failures.append(
                    {
                        "file": None if located is None else str(located["submission_id"])[:12],
                        "row": None if located is None else int(located["row_number"]),
                        "column": case.get("column"),
                        "check": str(case.get("check")),
                        "value": str(case.get("failure_case"))[:60],
                    }
                )
        results[sheet.key] = (len(frame), failures)
    return results
