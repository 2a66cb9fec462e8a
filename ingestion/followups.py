"""Auditors' decisions on outliers (`mart_outliers`): an append-only log,
`reference/followups.jsonl`. `confirmed`: the figure is wrong and is being followed up;
`explained`: it is right, for the reason given. The last decision on a unit × period × measure
is the one `mart_outliers` shows."""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.periods import parse_period
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
    path = log_path(ws)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Followup(**json.loads(line)) for line in lines if line.strip()]


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
        _who(),
        dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    )
    path = log_path(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(event.__dict__, ensure_ascii=False) + "\n")
    return event


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"
