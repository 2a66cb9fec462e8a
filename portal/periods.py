"""An office's own periods: for each unit of the account and each period it must report, whether
its report is in on time, late, still due (and by when), or missing after the deadline; and the
share of them in and on time. Read from the published marts (`mart_submission_status`, read-only,
external access off), as of the last published version: a file sent since shows on the
`Các tệp đã nộp` page until the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import duckdb

from warehouse.publish import current_version
from warehouse.workspace import Workspace

LABELS = {
    "on_time": ("Đã nộp đúng hạn", "Sent on time"),
    "late": ("Đã nộp, muộn hạn", "Sent late"),
    "due": ("Chưa nộp, còn hạn", "Not sent yet, still due"),
    "missing": ("Chưa nộp, đã quá hạn", "Missing: the deadline has passed"),
    "rejected": ("Tệp bị từ chối, cần gửi lại", "Rejected: send it again"),
}
"""Each period's state; `due` and `missing` first on the page: what the office has to do."""
ORDER = ("missing", "rejected", "due", "late", "on_time")


@dataclass(frozen=True)
class MyPeriod:
    unit_code: str
    unit_name: str
    period_code: str
    deadline: str | None
    state: str
    submitted_on: str | None
    latest_version: int | None


@dataclass(frozen=True)
class Completeness:
    periods: int
    """Periods the units had to report, whose deadline has passed."""
    sent: int
    on_time: int
    version: str | None
    """The published version read."""

    def rate(self, count: int) -> str:
        return f"{round(100 * count / self.periods)} %" if self.periods else "—"


def my_periods(
    ws: Workspace, units: frozenset[str], today: dt.date | None = None
) -> tuple[list[MyPeriod], Completeness]:
    """The periods of `units` (case-folded codes), what to do first first; and the completeness
    of those whose deadline has passed. Empty before anything is published."""
    today = today or dt.date.today()
    version = current_version(ws)
    if version is None:
        return [], Completeness(0, 0, 0, None)
    try:
        with duckdb.connect(
            str(ws.marts), read_only=True, config={"enable_external_access": False}
        ) as con:
            rows = con.execute(
                "select unit_code, unit_name, period_code, deadline, accepted, on_time, is_late, "
                "is_missing, rejected_files, submitted_on, latest_version, period_start "
                "from main.mart_submission_status where expected "
                "and lower(unit_code) in (select unnest(?)) order by period_start desc, unit_code",
                [sorted(units)],
            ).fetchall()
    except duckdb.Error:  # a publish swapping the file: as before anything was published
        return [], Completeness(0, 0, 0, None)
    periods, past, sent, on_time = [], 0, 0, 0
    for row in rows:
        unit, name, period, deadline, accepted, _, late, missing, rejected, sent_on, version_no = (
            row[:11]
        )
        state = _state(accepted, late, missing, rejected)
        if deadline is not None and deadline < today:
            past += 1
            sent += bool(accepted)
            on_time += state == "on_time"
        periods.append(
            MyPeriod(unit, name, period, _iso(deadline), state, _iso(sent_on), version_no)
        )
    periods.sort(key=lambda p: ORDER.index(p.state))  # stable: newest first within a state
    return periods, Completeness(past, sent, on_time, version)


def as_dicts(periods: list[MyPeriod]) -> list[dict]:
    return [asdict(period) for period in periods]


def _state(accepted, late, missing, rejected) -> str:
    if accepted:
        return "late" if late else "on_time"
    if missing:
        return "missing"
    return "rejected" if rejected else "due"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
