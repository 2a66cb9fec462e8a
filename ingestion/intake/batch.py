"""One intake as a pipeline run makes it: the raw tables made sure of, the inbox (or the batch
the inbox sensor chose) taken in, the table of held files replaced from its log, and the raw
tables' row counts after. The run's checks of the loaded rows and its records belong to the
orchestration around it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ingestion.decisions import decision_tables
from ingestion.format.raw_tables import create_raw_tables, row_counts
from ingestion.intake.arrival import Scope
from ingestion.intake.intake_report import IntakeReport
from ingestion.intake.process import process_inbox
from ingestion.reference.registry import Registry
from warehouse.workspace import Workspace


@dataclass(frozen=True)
class Batch:
    report: IntakeReport
    held: int
    """Files held in quarantine/held/ after the batch (`raw.held_files`)."""
    totals: dict[str, int]
    """Rows of `raw.submissions` and of every row table after the batch."""


def take_in(
    ws: Workspace,
    con: duckdb.DuckDBPyConnection,
    only: list[str] | None = None,
    scope: Scope | None = None,
) -> Batch:
    """The files of inbox/ (or only those named) checked, receipted, archived and loaded, with
    the registries as they are now; `scope` as `process_inbox` takes it."""
    create_raw_tables(con)
    registry = Registry.load(ws.units_dir)
    report = process_inbox(ws, registry, con, only=only, scope=scope)
    return Batch(report, decision_tables.load_held_files(con, ws), row_counts(con))
