"""The data team's decisions into raw tables, each replaced whole from its log at every run: the
approvals and reopenings (`reference/approvals.jsonl`), the files they hold
(`quarantine/held/`) and the auditors' follow-ups of outliers (`reference/followups.jsonl`).
The logs are the source of truth; a rebuilt warehouse reads them again."""

from __future__ import annotations

import datetime as dt

import duckdb

from ingestion.decisions import approvals, followups, held_files
from ingestion.format.raw_tables import RAW_SCHEMA
from warehouse.workspace import Workspace

APPROVALS = {
    "event_seq": "integer",
    "action": "varchar",
    "province_code": "varchar",
    "period_code": "varchar",
    "decided_by": "varchar",
    "decided_at": "timestamp",
    "note": "varchar",
}
HELD_FILES = {
    "submission_id": "varchar",
    "original_name": "varchar",
    "unit_code": "varchar",
    "period_code": "varchar",
    "approved_province": "varchar",
    "approved_period": "varchar",
    "received_at": "timestamp",
}
FOLLOWUPS = {
    "event_seq": "integer",
    "unit_code": "varchar",
    "period_code": "varchar",
    "measure": "varchar",
    "decision": "varchar",
    "explanation": "varchar",
    "decided_by": "varchar",
    "decided_at": "timestamp",
}


def load_approvals(con: duckdb.DuckDBPyConnection, ws: Workspace) -> int:
    rows = [
        (n, e.action, e.province, e.period, e.by, _time(e.at), e.note)
        for n, e in enumerate(approvals.events(ws), start=1)
    ]
    return _replace(con, "approvals", APPROVALS, rows)


def load_held_files(con: duckdb.DuckDBPyConnection, ws: Workspace) -> int:
    rows = [
        (
            r["submission_id"],
            r["file"],
            r["unit_code"],
            r["period_code"],
            r["approved_province"],
            r["approved_period"],
            _time(r["received_at"]),
        )
        for r in (held.record for held in held_files.waiting(ws))
    ]
    return _replace(con, "held_files", HELD_FILES, rows)


def load_followups(con: duckdb.DuckDBPyConnection, ws: Workspace) -> int:
    rows = [
        (n, f.unit_code, f.period_code, f.measure, f.decision, f.explanation, f.by, _time(f.at))
        for n, f in enumerate(followups.followups(ws), start=1)
    ]
    return _replace(con, "followups", FOLLOWUPS, rows)


def _replace(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list) -> int:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    listed = ", ".join(f"{column} {kind}" for column, kind in columns.items())
    con.execute(f"create or replace table {RAW_SCHEMA}.{name} ({listed})")
    if rows:
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"insert into {RAW_SCHEMA}.{name} values ({marks})", rows)
    return len(rows)


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)
