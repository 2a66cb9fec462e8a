"""Which rows make up a mart cell: the published lineage marts hold one row per fact a mart
counts or sums, with its file (content hash and original name), sheet and row, and the mart's
own grain columns. Filtering both on the same columns gives the cell and its rows.

`dvk explain mart_registrations registrations period_code=2023 unit_code=BTH-LAGI field=KT`
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.errors import LineageError
from warehouse.publish import open_marts


@dataclass(frozen=True)
class Measure:
    rows_mart: str
    condition: str = "true"
    """Which lineage rows the measure counts."""
    distinct: str | None = None
    """Counted distinct on this column (models), else one per row."""
    summed: str | None = None
    """Summed over the rows (outcome values, inspections held), else counted."""


MEASURES: dict[str, dict[str, Measure]] = {
    "mart_registrations": {
        "registrations": Measure("mart_registration_rows"),
        "models": Measure("mart_registration_rows", distinct="model_key"),
    },
    "mart_recognitions": {
        "proposed": Measure("mart_recognition_rows", "outcome = 'de_nghi'"),
        "recognized": Measure("mart_recognition_rows", "outcome = 'cong_nhan'"),
        "not_recognized": Measure("mart_recognition_rows", "outcome = 'khong_cong_nhan'"),
    },
    "mart_awards": {"awards": Measure("mart_award_rows")},
    "mart_award_statistics": {"awards": Measure("mart_award_rows")},
    "mart_model_outcomes": {
        "value": Measure("mart_outcome_rows", summed="value"),
        "out_of": Measure("mart_outcome_rows", summed="out_of"),
    },
    "mart_inspections": {
        "sessions": Measure("mart_inspection_rows", summed="sessions"),
        "organisations": Measure("mart_inspection_rows", summed="organisations"),
    },
}
SHOWN_COLUMNS = (
    "original_name",
    "submission_id",
    "sheet_name",
    "row_number",
    "unit_code",
    "period_code",
    "model_code",
    "model_name",
    "indicator",
    "kind",
)


@dataclass(frozen=True)
class Explanation:
    mart: str
    measure: str
    filters: dict[str, str | None]
    cell: float
    """The mart's value for the cell: its measure summed over the rows the filters select."""
    rows: list[dict]
    """The lineage rows that make it up, in file, sheet and row order."""
    counted: float
    """What those rows count or sum to (distinct models for `models`)."""
    summed: bool = False
    """The measure is a sum of the rows' values, not a count of rows."""

    @property
    def agrees(self) -> bool:
        return self.cell == self.counted

    @property
    def columns(self) -> tuple[str, ...]:
        """The lineage columns to show: those of SHOWN_COLUMNS the rows have, and a summed
        measure's own column."""
        present = set(self.rows[0]) if self.rows else set(SHOWN_COLUMNS)
        shown = tuple(column for column in SHOWN_COLUMNS if column in present)
        return shown + ((self.measure,) if self.measure in present else ())


def explain(marts: Path, mart: str, measure: str, filters: dict[str, str | None]) -> Explanation:
    """`filters`: column → value (None: the column is empty) on the mart's grain columns."""
    if mart not in MEASURES:
        raise LineageError(f"lineage covers {', '.join(MEASURES)}; not {mart}")
    if measure not in MEASURES[mart]:
        raise LineageError(f"{mart} measures: {', '.join(MEASURES[mart])}; not {measure}")
    spec = MEASURES[mart][measure]
    with open_marts(marts) as con:
        mart_columns = _columns(con, mart)
        rows_columns = _columns(con, spec.rows_mart)
        shared = mart_columns & rows_columns
        unknown = sorted(set(filters) - shared)
        if unknown:
            raise LineageError(
                f"{', '.join(unknown)}: not a column of both {mart} and {spec.rows_mart}; "
                f"use {', '.join(sorted(shared))}"
            )
        where, parameters = _where(filters)
        cell = con.execute(
            f"select coalesce(sum({measure}), 0) from {mart} where {where}", parameters
        ).fetchone()[0]
        cursor = con.execute(
            f"select * from {spec.rows_mart} where {where} and {spec.condition} "
            "order by original_name, sheet_name, row_number",
            parameters,
        )
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if spec.summed:
        counted = sum(row[spec.summed] or 0 for row in rows)
    elif spec.distinct:
        counted = len({row[spec.distinct] for row in rows})
    else:
        counted = len(rows)
    return Explanation(
        mart, measure, filters, _whole(cell), rows, _whole(counted), spec.summed is not None
    )


def _whole(number: float) -> float:
    """1554.0 shown as 1554: counts and most amounts are whole."""
    return int(number) if float(number).is_integer() else float(number)


def parse_filters(pairs: list[str]) -> dict[str, str | None]:
    """`column=value` arguments; `column=` selects rows where the column is empty."""
    filters: dict[str, str | None] = {}
    for pair in pairs:
        column, separator, value = pair.partition("=")
        if not separator or not column:
            raise LineageError(f"{pair!r}: expected COLUMN=VALUE (COLUMN= for empty)")
        filters[column.strip()] = value if value != "" else None
    return filters


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = current_schema() and table_name = ? "
        "and table_catalog = current_database()",
        [table],
    ).fetchall()
    if not rows:
        raise LineageError(f"{table} is not in the published marts; run `dvk run` first")
    return {name for (name,) in rows}


def _where(filters: dict[str, str | None]) -> tuple[str, list]:
    clauses, parameters = ["true"], []
    for column, value in filters.items():
        if value is None:
            clauses.append(f'"{column}" is null')
        else:
            clauses.append(f'cast("{column}" as varchar) = ?')
            parameters.append(value)
    return " and ".join(clauses), parameters
