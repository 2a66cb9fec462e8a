"""Reference data into raw tables: unit registries, the administrative tree, the period calendar.

Each load replaces its table whole: reference data is small, and the registry files or the
package are its source of truth.
"""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd

from ingestion.periods import calendar
from ingestion.registry import Registry
from warehouse import admin_tree
from warehouse.raw_tables import RAW_SCHEMA

CALENDAR_YEARS = (2015, 2040)


def replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> int:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.register("replacement", frame)
    try:
        con.execute(f"create or replace table {RAW_SCHEMA}.{name} as select * from replacement")
    finally:
        con.unregister("replacement")
    return len(frame)


def load_units(con: duckdb.DuckDBPyConnection, registry: Registry) -> int:
    rows = [
        {**dataclasses.asdict(unit), "reports": ";".join(unit.reports)} for unit in registry.units
    ]
    columns = [f.name for f in dataclasses.fields(registry.units[0])] if rows else ["unit_code"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("valid_from", "valid_to"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return replace_table(con, "units", frame)


def load_provinces(con: duckdb.DuckDBPyConnection) -> int:
    frame = admin_tree.provinces().assign(source_version=admin_tree.package_version())
    return replace_table(con, "admin_provinces", frame)


def load_periods(con: duckdb.DuckDBPyConnection) -> int:
    frame = pd.DataFrame(
        [
            {
                "period_code": p.code,
                "period_type": p.period_type,
                "period_start": p.start,
                "period_end": p.end,
                "deadline": p.deadline,
                "period_year": p.year,
            }
            for p in calendar(*CALENDAR_YEARS)
        ]
    )
    return replace_table(con, "periods", frame)
