"""Who is missing or late for one reporting period, read from the published marts.

The deadline run writes it to `reports/deadlines/<period>.csv` and lists the units in the run's
metadata. Late and missing are `mart_submission_status.is_late` and `is_missing`: one definition
for this report, the audit report and dashboards.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from warehouse.exported_text import spreadsheet_row
from warehouse.publish import open_marts
from warehouse.workspace import Workspace

COLUMNS = (
    "unit_code",
    "unit_name",
    "province_name",
    "status",
    "rejected_files",
    "submitted_on",
    "arrived_on",
)
"""`submitted_on` as the unit declared it; `arrived_on`, the day that decides late (Viet Nam)."""


@dataclass(frozen=True)
class DeadlineReport:
    period_code: str
    expected: int
    on_time: int
    missing: list[dict]
    late: list[dict]


def deadline_report(ws: Workspace, period_code: str) -> DeadlineReport:
    if not ws.marts.exists():
        raise FileNotFoundError(f"{ws.marts}: nothing published yet; run the pipeline first")
    with open_marts(ws.marts) as con:
        rows = con.execute(
            "select unit_code, unit_name, province_name, received, accepted and on_time, "
            "is_late, is_missing, rejected_files, submitted_on, arrived_on "
            "from mart_submission_status where period_code = ? and expected "
            "order by province_name, unit_code",
            [period_code],
        ).fetchall()
    missing, late, on_time = [], [], 0
    for code, name, province, received, in_time, is_late, is_missing, rejected, sent, came in rows:
        row = {
            "unit_code": code,
            "unit_name": name,
            "province_name": province,
            "rejected_files": rejected,
            "submitted_on": sent.isoformat() if sent else "",
            "arrived_on": came.isoformat() if came else "",
        }
        if is_missing:
            missing.append({**row, "status": "rejected only" if received else "missing"})
        elif is_late:
            late.append({**row, "status": "late"})
        on_time += bool(in_time)
    report = DeadlineReport(period_code, len(rows), on_time, missing, late)
    _write(ws, report)
    return report


def report_path(ws: Workspace, period_code: str) -> Path:
    return ws.deadline_reports / f"{period_code}.csv"


def _write(ws: Workspace, report: DeadlineReport) -> None:
    path = report_path(ws, report.period_code)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(spreadsheet_row(row) for row in [*report.missing, *report.late])
    temporary.replace(path)
