"""Periods approved by a province, and reopened: an append-only log, `reference/approvals.jsonl`
(who, when, why), never edited. The last event of a province × period decides its state.

An approval of a province covers every unit of it in the registries (`reference.provinces`), for
that period and, for a year, every half-year and quarter inside it. A file for a covered unit and
period is held by the intake (`ingestion.decisions.held_files`) until a reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingestion.decisions import decision_log
from ingestion.format.periods import Period, parse_period
from ingestion.reference.provinces import covers
from warehouse.workspace import Workspace

APPROVE, REOPEN = "approve", "reopen"


class ApprovalError(ValueError):
    """What cannot be approved or reopened; the message says why."""


@dataclass(frozen=True)
class Event:
    action: str
    province: str
    period: str
    by: str
    at: str
    note: str = ""


def log_path(ws: Workspace) -> Path:
    return ws.home / "reference" / "approvals.jsonl"


def events(ws: Workspace, path: Path | None = None) -> list[Event]:
    return [Event(**record) for record in decision_log.read(path or log_path(ws))]


def record(
    ws: Workspace, action: str, province: str, period: str, note: str, by: str | None = None
) -> Event:
    """Append one event; refuse an approval of an approved period or a reopening of an open one."""
    province = province.strip().zfill(2)
    parsed = parse_period(period.strip().upper())
    if parsed is None:
        raise ApprovalError(f"{period}: not a period code (2023, 2023-H1, 2023-Q3)")
    if not province.isdigit():
        raise ApprovalError(f"{province}: not a province code (60, 37, …)")
    state = states(events(ws)).get((province, parsed.code))
    if action == APPROVE and state and state.action == APPROVE:
        raise ApprovalError(f"{province} {parsed.code} is already approved (on {state.at[:10]})")
    if action == REOPEN and not (state and state.action == APPROVE):
        raise ApprovalError(f"{province} {parsed.code} is not approved: nothing to reopen")
    event = Event(action, province, parsed.code, by or decision_log.who(), decision_log.now(), note)
    decision_log.append(log_path(ws), event.__dict__)
    return event


def states(log: list[Event]) -> dict[tuple[str, str], Event]:
    """(province, period) → its last event."""
    return {(event.province, event.period): event for event in log}


@dataclass(frozen=True)
class Locks:
    """The approvals in force, asked about one unit and period at a time."""

    approved: tuple[Event, ...]

    @classmethod
    def of(cls, ws: Workspace) -> Locks:
        return cls(tuple(e for e in states(events(ws)).values() if e.action == APPROVE))

    def lock(self, unit_province: str, period: Period) -> Event | None:
        """The approval that covers a unit of this province for this period, if any."""
        for event in self.approved:
            if not covers(event.province, unit_province):
                continue
            if event.period == period.code or (
                len(event.period) == 4 and period.year == int(event.period)
            ):
                return event
        return None
