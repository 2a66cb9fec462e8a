"""Raw tables of `warehouse.duckdb`: what ingestion loads, one row per file or per file row.

Every row keeps its lineage (the file's content hash, sheet and row). Every version of every
accepted file stays here; dbt decides which version counts. The row tables are derived from
`submission_format`, one per table sheet, and all of them can be rebuilt from `archive/` and
`reference/` alone.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ingestion.format.rows import Rows
from ingestion.format.submission_format import TABLE_SHEETS, Sheet

RAW_SCHEMA = "raw"

SUBMISSION_COLUMNS = {
    "submission_id": "varchar primary key",
    "original_name": "varchar not null",
    "file_format": "varchar not null",
    "received_at": "timestamp not null",
    "arrival_seq": "bigint not null",
    "outcome": "varchar not null",
    "unit_code": "varchar",
    "period_code": "varchar",
    "submitted_on": "date",
    "version": "integer",
    "prepared_by": "varchar",
    "contact": "varchar",
    "error_count": "integer not null",
    "warning_count": "integer not null",
    "uploaded_by": "varchar",
}
"""Column → DuckDB type and constraint of `raw.submissions`, one row per file."""
_SUBMISSION_LINES = ",\n    ".join(f"{name} {kind}" for name, kind in SUBMISSION_COLUMNS.items())
SUBMISSIONS_DDL = f"""
create table if not exists {RAW_SCHEMA}.submissions (
    {_SUBMISSION_LINES}
)
"""


def row_columns(sheet: Sheet) -> dict[str, str]:
    """Column → DuckDB type of the raw table of one sheet, lineage first."""
    columns = {"submission_id": "varchar", "sheet_name": "varchar", "row_number": "integer"}
    for column in sheet.columns:
        columns[column.key] = (
            "date"
            if column.is_date
            else "bigint"
            if column.is_integer
            else "double"
            if column.is_decimal
            else "varchar"
        )
    if "model_name" in columns:
        columns["model_name_key"] = "varchar"
    return columns


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(SUBMISSIONS_DDL)
    # a warehouse made before the portal (`uploaded_by`): the column added, every row null
    con.execute(
        f"alter table {RAW_SCHEMA}.submissions add column if not exists uploaded_by varchar"
    )
    # the files a run holds back while it traces a failing check (dbt macros/withheld.sql)
    con.execute(f"create table if not exists {RAW_SCHEMA}.withheld (submission_id varchar)")
    for sheet in TABLE_SHEETS:
        columns = ",\n    ".join(f"{name} {kind}" for name, kind in row_columns(sheet).items())
        con.execute(
            f"create table if not exists {RAW_SCHEMA}.{sheet.key} (\n    {columns},\n"
            "    primary key (submission_id, row_number)\n)"
        )


def known_submissions(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(f"select submission_id from {RAW_SCHEMA}.submissions").fetchall()
    return {row[0] for row in rows}


def model_codes(con: duckdb.DuckDBPyConnection, unit_code: str) -> list[str]:
    """The model codes of a unit's accepted registrations (`unit_code` compared in lower case)."""
    rows = con.execute(
        f"select distinct r.model_code from {RAW_SCHEMA}.registrations r "
        f"join {RAW_SCHEMA}.submissions s using (submission_id) "
        "where s.outcome = 'accepted' and lower(s.unit_code) = ? and r.model_code is not null",
        [unit_code.casefold()],
    ).fetchall()
    return [code for (code,) in rows]


def every_model_code(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(lower-case unit_code, model_code) of every accepted registration with a code."""
    return con.execute(
        f"select distinct lower(s.unit_code), r.model_code from {RAW_SCHEMA}.registrations r "
        f"join {RAW_SCHEMA}.submissions s using (submission_id) "
        "where s.outcome = 'accepted' and s.unit_code is not null and r.model_code is not null"
    ).fetchall()


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of `raw.submissions` and of every row table: the intake's totals."""
    tables = ["submissions", *(sheet.key for sheet in TABLE_SHEETS)]
    return {t: con.execute(f"select count(*) from {RAW_SCHEMA}.{t}").fetchone()[0] for t in tables}


def next_arrival(con: duckdb.DuckDBPyConnection) -> int:
    query = f"select coalesce(max(arrival_seq), 0) + 1 from {RAW_SCHEMA}.submissions"
    return con.execute(query).fetchone()[0]


ARROW_TYPES = {
    "varchar": pa.string(),
    "date": pa.date32(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "integer": pa.int32(),
    "timestamp": pa.timestamp("us"),
}


def insert_submissions(
    con: duckdb.DuckDBPyConnection,
    batch: list[tuple[dict[str, object], dict[str, Rows]]],
) -> None:
    """Files (their `raw.submissions` row and their tables) in one transaction: each file is in
    the warehouse whole or not at all, and a batch pays for one commit and one insert per table.
    Rows go through Arrow with the tables' own types: nothing is guessed from the values."""
    submission_types = {name: kind.split()[0] for name, kind in SUBMISSION_COLUMNS.items()}
    submissions = {name: [s.get(name) for s, _ in batch] for name in submission_types}
    incoming = {"submissions": _arrow_columns(submissions, submission_types)}
    for sheet in TABLE_SHEETS:
        columns = row_columns(sheet)
        gathered: dict[str, list] = {name: [] for name in columns}
        for submission, tables in batch:
            rows = tables.get(sheet.key)
            if rows is None or rows.empty:
                continue
            count = len(rows)
            for name, values in gathered.items():
                if name == "submission_id":
                    values.extend([submission["submission_id"]] * count)
                else:
                    values.extend(rows.columns.get(name) or [None] * count)
        if gathered["submission_id"]:
            incoming[sheet.key] = _arrow_columns(gathered, columns)
    con.execute("begin transaction")
    try:
        for table, rows in incoming.items():
            _insert(con, table, rows)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def withdraw_rows(con: duckdb.DuckDBPyConnection, submission_ids: list[str]) -> None:
    """Accepted files made rejected (one more error, `CHECK_FAILED`), their rows removed, in
    one transaction."""
    con.execute("begin transaction")
    try:
        con.execute(
            f"update {RAW_SCHEMA}.submissions set outcome = 'rejected', "
            "error_count = error_count + 1 where submission_id in (select unnest(?))",
            [submission_ids],
        )
        for sheet in TABLE_SHEETS:
            con.execute(
                f"delete from {RAW_SCHEMA}.{sheet.key} where submission_id in (select unnest(?))",
                [submission_ids],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con.register("incoming", rows)
    try:
        con.execute(f"insert into {RAW_SCHEMA}.{table} by name select * from incoming")
    finally:
        con.unregister("incoming")


def _arrow_columns(values: dict[str, list], columns: dict[str, str]) -> pa.Table:
    return pa.table(
        {name: pa.array(values[name], ARROW_TYPES[kind]) for name, kind in columns.items()}
    )
