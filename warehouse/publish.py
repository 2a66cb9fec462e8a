"""Publishing the marts: write a new file beside the old, verify it, then swap it in atomically.

BI tools hold `published/marts.duckdb` open read-only. A rename never disturbs them: a reader
keeps the version it opened until it reconnects, and a new reader always sees one whole version.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.workspace import Workspace

MARTS_SCHEMA = "marts"
# BI tools embed their own DuckDB, often older than ours: write a storage format they can read.
STORAGE_VERSION = "v1.0.0"


@dataclass(frozen=True)
class Published:
    path: Path
    row_counts: dict[str, int]
    parquet: dict[str, Path]


class PublishError(RuntimeError):
    """The new marts file did not match the warehouse; the published version was left alone."""


def mart_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = ? order by table_name",
        [catalog, MARTS_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def publish(ws: Workspace) -> Published:
    ws.published.mkdir(parents=True, exist_ok=True)
    ws.parquet.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    staged = ws.published / f".marts-{token}.duckdb"
    staged_parquet: dict[str, Path] = {}
    try:
        with duckdb.connect() as con:
            con.execute(f"attach {quoted(staged)} as staged (storage_version '{STORAGE_VERSION}')")
            con.execute(f"attach {quoted(ws.warehouse)} as warehouse (read_only)")
            tables = mart_tables(con, "warehouse")
            if not tables:
                raise PublishError(f"{ws.warehouse} has no tables in schema {MARTS_SCHEMA}")
            con.execute(f"create schema staged.{MARTS_SCHEMA}")
            expected: dict[str, int] = {}
            for table in tables:
                source, target = (
                    f"warehouse.{MARTS_SCHEMA}.{table}",
                    f"staged.{MARTS_SCHEMA}.{table}",
                )
                # A stable row order makes two publishes of the same data identical.
                con.execute(f"create table {target} as select * from {source} order by all")
                expected[table] = _count(con, source)
                staged_parquet[table] = ws.parquet / f".{table}-{token}.parquet"
                con.execute(f"copy {target} to {quoted(staged_parquet[table])} (format parquet)")
        counts = _verify(staged, staged_parquet, expected)
        os.replace(staged, ws.marts)
        final = {}
        for table, path in staged_parquet.items():
            final[table] = ws.parquet / f"{table}.parquet"
            os.replace(path, final[table])
        return Published(ws.marts, counts, final)
    finally:
        staged.unlink(missing_ok=True)
        staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
        for path in staged_parquet.values():
            path.unlink(missing_ok=True)


def _verify(staged: Path, parquet: dict[str, Path], expected: dict[str, int]) -> dict[str, int]:
    with duckdb.connect(str(staged), read_only=True) as con:
        for table, rows in expected.items():
            found = _count(con, f"{MARTS_SCHEMA}.{table}")
            in_parquet = _count(con, f"read_parquet({quoted(parquet[table])})")
            if not found == in_parquet == rows:
                raise PublishError(
                    f"{table}: warehouse {rows} rows, new file {found}, parquet {in_parquet}"
                )
    return expected


def _count(con: duckdb.DuckDBPyConnection, relation: str) -> int:
    return con.execute(f"select count(*) from {relation}").fetchone()[0]


def quoted(path: Path) -> str:
    """A path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
