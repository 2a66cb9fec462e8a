"""Auditors' decisions on outliers (`mart_outliers`): an append-only log,
`reference/followups.jsonl`. `confirmed`: the figure is wrong and is being followed up;
`explained`: it is right, for the reason given. The last decision on a unit × period × measure
is the one `mart_outliers` shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingestion.decisions import decision_log
from ingestion.format.periods import parse_period
from warehouse.workspace import Workspace

MEASURES = ("registrations", "new", "recognized", "awards")


class FollowupError(ValueError):
    pass


@dataclass(frozen=True)
class Followup:
    unit_code: str
    period_code: str
    measure: str
    decision: str
    explanation: str
    by: str
    at: str


def log_path(ws: Workspace) -> Path:
    return ws.home / "reference" / "followups.jsonl"


def followups(ws: Workspace) -> list[Followup]:
    return [Followup(**record) for record in decision_log.read(log_path(ws))]


def record(
    ws: Workspace, unit: str, period: str, measure: str, explanation: str | None
) -> Followup:
    parsed = parse_period(period.strip().upper())
    if parsed is None:
        raise FollowupError(f"{period}: not a period code (2023, 2023-H1, 2023-Q3)")
    if measure not in MEASURES:
        raise FollowupError(f"{measure}: not a measure of mart_outliers ({', '.join(MEASURES)})")
    event = Followup(
        unit.strip().upper(),
        parsed.code,
        measure,
        "explained" if explanation else "confirmed",
        explanation or "",
        decision_log.who(),
        decision_log.now(),
    )
    decision_log.append(log_path(ws), event.__dict__)
    return event
