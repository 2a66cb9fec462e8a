"""An accepted file taken back out: its rows could not be loaded (LOAD_FAILED), or a blocking
check of the warehouse failed on them (CHECK_FAILED). It is quarantined like a rejected file,
and its receipt says why, so that one file can never stop the publish for everyone.

The receipt is rewritten first, then the copy moves from `archive/` to `quarantine/`: a run
killed between the two leaves an archived file whose receipt says rejected, which a rebuild
loads as rejected (`intake.reload_archive` keeps the outcome its receipt records).
"""

from __future__ import annotations

import dataclasses
import os

import duckdb

from ingestion.check.receipts import Receipt
from ingestion.format.raw_tables import RAW_SCHEMA, withdraw_rows
from ingestion.format.rules import Finding
from warehouse.workspace import Workspace

REASON_CHARS = 300
"""How much of an error message a receipt quotes."""


def withdraw(ws: Workspace, receipt: Receipt, suffix: str, finding: Finding) -> Receipt:
    """`receipt`'s file quarantined with `finding` added; the new receipt."""
    withdrawn = dataclasses.replace(
        receipt, outcome="rejected", findings=[*receipt.findings, finding]
    )
    withdrawn.write(ws.receipts, ws.quarantine)
    stored = f"{receipt.submission_id}{suffix}"
    if (ws.archive / stored).exists():
        os.replace(ws.archive / stored, ws.quarantine / stored)
    return withdrawn


def withdraw_loaded(
    ws: Workspace, con: duckdb.DuckDBPyConnection, submission_ids: list[str], finding: Finding
) -> list[Receipt]:
    """Files the warehouse holds as accepted, taken back out: stored as rejected without their
    rows, in one transaction, then quarantined with `finding` on their receipts."""
    formats = dict(
        con.execute(
            f"select submission_id, file_format from {RAW_SCHEMA}.submissions "
            "where submission_id in (select unnest(?))",
            [submission_ids],
        ).fetchall()
    )
    withdraw_rows(con, submission_ids)
    return [
        withdraw(ws, Receipt.read(ws.receipts, id_), f".{formats[id_]}", finding)
        for id_ in submission_ids
    ]


def load_failed(error: BaseException) -> Finding:
    reason = f"{type(error).__name__}: {error}"[:REASON_CHARS]
    return Finding("LOAD_FAILED", expected=reason)


def check_failed(checks: list[str]) -> Finding:
    return Finding("CHECK_FAILED", expected="; ".join(checks)[:REASON_CHARS])
