"""Raw tables of `warehouse.duckdb`: what ingestion loads, one row per file or per file row.

Every row keeps its lineage (the file's content hash, sheet and row). Every version of every
accepted file stays here; dbt decides which version counts. The tables are re-creatable from
`archive/` and `reference/` alone.
"""

from __future__ import annotations

import duckdb
import pandas as pd

RAW_SCHEMA = "raw"

DDL = f"""
create schema if not exists {RAW_SCHEMA};
create table if not exists {RAW_SCHEMA}.submissions (
    submission_id varchar primary key,
    original_name varchar not null,
    file_format varchar not null,
    received_at timestamp not null,
    arrival_seq bigint not null,
    outcome varchar not null,
    unit_code varchar,
    period_code varchar,
    submitted_on date,
    version integer,
    prepared_by varchar,
    contact varchar,
    error_count integer not null,
    warning_count integer not null
);
create table if not exists {RAW_SCHEMA}.registrations (
    submission_id varchar not null,
    sheet_name varchar not null,
    row_number integer not null,
    model_code varchar,
    model_name varchar,
    model_name_key varchar,
    field varchar,
    theme varchar,
    owner_type varchar,
    owner_name varchar,
    level varchar,
    location_code varchar,
    status varchar,
    replicated_from varchar,
    started_on date,
    primary key (submission_id, row_number)
);
"""

REGISTRATION_COLUMNS = [
    "submission_id",
    "sheet_name",
    "row_number",
    "model_code",
    "model_name",
    "model_name_key",
    "field",
    "theme",
    "owner_type",
    "owner_name",
    "level",
    "location_code",
    "status",
    "replicated_from",
    "started_on",
]


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def known_submissions(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in con.execute(f"select submission_id from {RAW_SCHEMA}.submissions").fetchall()
    }


def next_arrival(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(
        f"select coalesce(max(arrival_seq), 0) + 1 from {RAW_SCHEMA}.submissions"
    ).fetchone()[0]


def insert_submission(
    con: duckdb.DuckDBPyConnection,
    submission: dict[str, object],
    registrations: pd.DataFrame | None,
) -> None:
    """One file's rows in one transaction: a file is in the warehouse whole or not at all."""
    con.execute("begin transaction")
    try:
        columns = list(submission)
        placeholders = ", ".join("?" for _ in columns)
        con.execute(
            f"insert into {RAW_SCHEMA}.submissions ({', '.join(columns)}) values ({placeholders})",
            [submission[c] for c in columns],
        )
        if registrations is not None and len(registrations):
            frame = registrations.reindex(columns=REGISTRATION_COLUMNS)  # noqa: F841 (read by SQL)
            con.execute(f"insert into {RAW_SCHEMA}.registrations by name select * from frame")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
