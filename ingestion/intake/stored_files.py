"""Whether `archive/` and `quarantine/` may hold a file the warehouse lacks, without listing them.

At the end of every intake the warehouse records the two folders' modification times and the
number of submissions it holds. A folder's modification time changes whenever a file is added
to it or removed, so while both times and the count still match, every stored file is loaded and
the next run need not list 60,000 names to find out. A run killed between archiving a file and
committing its rows, a warehouse rebuilt from scratch (the record is in the warehouse) or a
folder edited by hand all break the match, and the next run lists the folders as before.
"""

from __future__ import annotations

import duckdb

from ingestion.format.raw_tables import RAW_SCHEMA
from warehouse.workspace import Workspace

STATE = f"{RAW_SCHEMA}.stored_files"


def all_loaded(ws: Workspace, con: duckdb.DuckDBPyConnection) -> bool:
    """True when the folders and the warehouse are as the last complete intake left them."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = current_database() and table_schema = ? and table_name = ?",
        [RAW_SCHEMA, STATE.split(".")[1]],
    ).fetchone()[0]
    if not exists:
        return False
    recorded = con.execute(
        f"select archive_mtime_ns, quarantine_mtime_ns, submissions from {STATE}"
    ).fetchall()
    return recorded == [_now(ws, con)]


def record(ws: Workspace, con: duckdb.DuckDBPyConnection) -> None:
    """Note the folders and the warehouse as this intake leaves them (every file committed)."""
    archive, quarantine, submissions = _now(ws, con)
    con.execute(
        f"create or replace table {STATE} as select ?::bigint as archive_mtime_ns, "
        "?::bigint as quarantine_mtime_ns, ?::bigint as submissions",
        [archive, quarantine, submissions],
    )


def _now(ws: Workspace, con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    submissions = con.execute(f"select count(*) from {RAW_SCHEMA}.submissions").fetchone()[0]
    return ws.archive.stat().st_mtime_ns, ws.quarantine.stat().st_mtime_ns, submissions
