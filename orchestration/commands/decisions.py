"""`dvk approve`, `dvk reopen`, `dvk approvals`, `dvk followup`: the decisions people record."""

from __future__ import annotations

import argparse

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def approval_commands(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion.decisions import approvals, held_files

    try:
        if args.command == "approve":
            event = approvals.record(
                ws, approvals.APPROVE, args.province, args.period, args.note, args.by
            )
        elif args.command == "reopen":
            event = approvals.record(
                ws, approvals.REOPEN, args.province, args.period, args.reason, args.by
            )
        else:
            return list_approvals(ws, args.province)
    except approvals.ApprovalError as error:
        raise DvkError(str(error)) from error
    done = "approved" if event.action == approvals.APPROVE else "reopened"
    print(f"{event.province} {event.period} {done} by {event.by} at {event.at}")
    if event.action == approvals.APPROVE:
        print("  Later files of its units for it (and, for a year, its halves and quarters) are")
        print("  held in quarantine/held/ until `dvk reopen`; the published marts do not change.")
    else:
        waiting = [
            h
            for h in held_files.waiting(ws)
            if (h.record["approved_province"], h.record["approved_period"])
            == (event.province, event.period)
        ]
        print(f"  {len(waiting)} held file(s) will be taken in by the next run, in arrival order.")
    return 0


def list_approvals(ws: Workspace, province: str | None) -> int:
    from ingestion.decisions import approvals, held_files

    wanted = province.strip().zfill(2) if province else None
    log = [e for e in approvals.events(ws) if wanted in (None, e.province)]
    if not log:
        print(f"No approvals in {approvals.log_path(ws)}")
    for event in log:
        where = f"{event.province} {event.period}"
        print(f"{event.at}  {event.action:<7} {where}  {event.by}  {event.note}")
    for item in held_files.waiting(ws):
        if wanted not in (None, item.record["approved_province"]):
            continue
        record = item.record
        print(
            f"held: {record['file']} ({record['unit_code']} {record['period_code']}), "
            f"by the approval of {record['approved_province']} {record['approved_period']}"
        )
    return 0


def record_followup(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion.decisions.followups import FollowupError, record

    try:
        event = record(ws, args.unit, args.period, args.measure, args.explain)
    except FollowupError as error:
        raise DvkError(str(error)) from error
    print(
        f"{event.unit_code} {event.period_code} {event.measure}: {event.decision} by {event.by}"
        " (shown in mart_outliers after the next run)"
    )
    return 0
