"""What a run's intake did, kept beside the audit reports: which files it received, accepted,
rejected (with their findings) or skipped. Later steps of the same run read it: the Great
Expectations suites check the rows of exactly these files, and the audit report lists them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.intake_report import IntakeReport
from warehouse.workspace import Workspace


def record_path(ws: Workspace, run_id: str) -> Path:
    return ws.audit_reports / "runs" / f"{run_id}.json"


def write_intake(ws: Workspace, run_id: str, report: IntakeReport) -> Path:
    path = record_path(ws, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "run_id": run_id,
        "accepted": [receipt.as_dict() for receipt in report.accepted],
        "rejected": [receipt.as_dict() for receipt in report.rejected],
        "duplicates": report.duplicates,
        "reloaded": len(report.reloaded),
        "left": report.left,
        "loaded_ids": report.loaded_ids,
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n")
    temporary.replace(path)
    return path


def read_intake(ws: Workspace, run_id: str) -> dict | None:
    """The run's intake record; None when the run did not take in files."""
    path = record_path(ws, run_id)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
