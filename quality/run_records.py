"""What a run's intake did, kept beside the audit reports: counts, and the ids of the files it
accepted, rejected and reloaded, the names of those it skipped. Later steps of the same run
read it: the Great Expectations suites check the rows of exactly these files, and the audit
report lists them, reading each file's details from its receipt. A backfill's record stays
small: an id per file, never a file's findings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingestion.check.receipts import receipt_path
from ingestion.intake.intake_report import IntakeReport
from warehouse.workspace import Workspace


def record_path(ws: Workspace, run_id: str) -> Path:
    return ws.audit_reports / "runs" / f"{run_id}.json"


def write_intake(ws: Workspace, run_id: str, report: IntakeReport) -> Path:
    path = record_path(ws, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    periods = {r.submission.get("period_code") for r in report.accepted}
    record = {
        "run_id": run_id,
        "counts": {
            "accepted": len(report.accepted),
            "rejected": len(report.rejected),
            "held": len(report.held),
            "duplicates": len(report.duplicates),
            "reloaded": len(report.reloaded),
            "left": len(report.left),
        },
        "accepted": [receipt.submission_id for receipt in report.accepted],
        "rejected": [receipt.submission_id for receipt in report.rejected],
        "reloaded": [receipt.submission_id for receipt in report.reloaded],
        "held": [receipt.submission_id for receipt in report.held],
        "released": report.released,
        "duplicates": report.duplicates,
        "left": report.left,
        "periods": sorted(p for p in periods if isinstance(p, str)),
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def read_intake(ws: Workspace, run_id: str) -> dict | None:
    """The run's intake record; None when the run did not take in files."""
    path = record_path(ws, run_id)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def loaded_ids(record: dict) -> list[str]:
    """The files whose rows the run wrote to the warehouse: reloaded, then accepted."""
    return [*record.get("reloaded", []), *record.get("accepted", [])]


def receipts_of(ws: Workspace, ids: Iterable[str]) -> Iterator[dict]:
    """The stored receipts of `ids`, in order; a receipt that is missing is skipped."""
    for submission_id in ids:
        path = receipt_path(ws.receipts, submission_id)
        if path.exists():
            yield json.loads(path.read_text(encoding="utf-8"))


def checked_ids(ws: Workspace, run_id: str, full_refresh: bool) -> list[str] | None:
    """The submissions whose rows a run's checks read: those its intake loaded; None (every
    submission) for a full refresh (the nightly run, `dvk run --full-refresh`) or a run with no
    intake record."""
    intake = read_intake(ws, run_id)
    return None if intake is None or full_refresh else loaded_ids(intake)
