"""Files held because their unit and period are approved (`approvals`): checked as
usual, then kept whole in `quarantine/held/` beside a record of what holds them, with a receipt
saying so. Approval never changes facts: a held file is not loaded. After `dvk reopen`, the next
intake takes the held files first, in the order they arrived, as if they had just arrived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingestion.check.receipts import Receipt
from ingestion.decisions.approvals import Event, Locks
from ingestion.format.periods import parse_period
from ingestion.format.rules import Finding
from ingestion.read.inbox import copy_atomic, write_atomic
from ingestion.reference.registry import Registry
from warehouse.workspace import Workspace

RECORD = ".held.json"


def folder(ws: Workspace) -> Path:
    return ws.quarantine / "held"


@dataclass(frozen=True)
class Held:
    path: Path
    record: dict

    @property
    def submission_id(self) -> str:
        return self.record["submission_id"]


def approval_of(registry: Registry, locks: Locks, submission: dict) -> Event | None:
    """The approval that holds a file with this `Thông tin`, if any."""
    period = parse_period(str(submission.get("period_code") or ""))
    unit = registry.find(str(submission.get("unit_code") or ""), period) if period else None
    return locks.lock(unit.province_code, period) if unit and period else None


def hold(ws: Workspace, path: Path, receipt: Receipt, event: Event, arrival: int) -> Receipt:
    """Keep the file and its record in `quarantine/held/`; the receipt says who approved what,
    when, and how to reopen it. The original stays in the inbox until the caller removes it."""
    target = folder(ws)
    target.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if path.parent != target:  # a file released by a reopening and held again stays where it is
        copy_atomic(path, target / f"{receipt.submission_id}{suffix}")
    held = held_receipt(receipt, event)
    record = {
        "submission_id": receipt.submission_id,
        "file": receipt.original_name,
        "suffix": suffix,
        "received_at": receipt.received_at,
        "uploaded_by": receipt.uploaded_by,
        "unit_code": receipt.submission.get("unit_code"),
        "period_code": receipt.submission.get("period_code"),
        "approved_province": event.province,
        "approved_period": event.period,
        "approved_on": event.at,
        "approved_by": event.by,
        "arrival": arrival,
    }
    write_atomic(
        target / f"{receipt.submission_id}{RECORD}", json.dumps(record, ensure_ascii=False)
    )
    held.write(ws.receipts, target)
    return held


def held_receipt(receipt: Receipt, event: Event) -> Receipt:
    """The receipt of an accepted file that `event` holds: PERIOD_APPROVED says by whom."""
    note = f"{event.province} {event.period}: {event.at[:10]}, {event.by}"
    return Receipt(
        submission_id=receipt.submission_id,
        original_name=receipt.original_name,
        outcome="held",
        received_at=receipt.received_at,
        findings=[
            *receipt.findings,
            Finding("PERIOD_APPROVED", value=note, expected=_reopen(event)),
        ],
        submission=receipt.submission,
        uploaded_by=receipt.uploaded_by,
    )


def waiting(ws: Workspace) -> list[Held]:
    """Every held file, in the order it arrived."""
    if not folder(ws).is_dir():
        return []
    found = []
    for record_path in folder(ws).glob(f"*{RECORD}"):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        found.append(Held(folder(ws) / f"{record['submission_id']}{record['suffix']}", record))
    return sorted(found, key=lambda held: (held.record["received_at"], held.record["arrival"]))


def released(ws: Workspace, registry: Registry, locks: Locks) -> list[Held]:
    """The held files no approval holds any more, in the order they arrived (a record whose
    file is gone was taken in by a run killed before it removed the record)."""
    return [
        h for h in waiting(ws) if h.path.exists() and approval_of(registry, locks, h.record) is None
    ]


def forget(ws: Workspace, held: Held) -> None:
    """Once its file is taken in: the held copy, its record and its receipts there."""
    for path in folder(ws).glob(f"{held.submission_id}.*"):
        path.unlink(missing_ok=True)


def _reopen(event: Event) -> str:
    """What the office can do: ask the province, whose data team runs the command."""
    return (
        "nếu cần sửa số liệu đã duyệt, đề nghị Ban Dân vận tỉnh mở lại kỳ báo cáo / if the "
        "approved figures must change, ask the province's Ban Dân vận to reopen the period "
        f"(its data team runs: dvk reopen {event.province} {event.period} --reason …)"
    )
