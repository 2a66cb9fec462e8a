"""The inbox, in name order: check (on every core), receipt, then archive and load, or
quarantine.

The order of steps makes a crash harmless: the file is archived before its rows are loaded,
and leaves the inbox only after both; the next run loads what an archive holds and the
warehouse lacks. No file, however malformed, stops the others.
"""

from __future__ import annotations

import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from ingestion.check.award_categories import check_award_categories
from ingestion.check.check_pool import checked
from ingestion.check.origins import check_origins
from ingestion.check.receipts import Receipt
from ingestion.check.verdict import Verdict
from ingestion.decisions import held_files
from ingestion.decisions.approvals import Locks
from ingestion.format.raw_tables import known_submissions, next_arrival
from ingestion.intake import stored_files, uploads
from ingestion.intake.arrival import Scope, check_arrival, check_scope, sent_by
from ingestion.intake.intake_report import FILE_EVENT, IntakeReport, file_event
from ingestion.intake.loading import BatchLoader, KnownModels
from ingestion.intake.reload import on_load_failure, reload_archive
from ingestion.intake.timing import timed
from ingestion.read.inbox import (
    copy_atomic,
    entries,
    is_temporary,
    quiet_seconds,
    settle_seconds,
    signature,
    unchanged,
    watch_seconds,
)
from ingestion.reference.award_catalogue import Catalogue
from ingestion.reference.registry import Registry
from warehouse import fault_points
from warehouse.exported_text import visible_name
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)


EVERY_UNIT_FILES = 1000
"""From this many files on, the known model codes of every unit are read in one query."""


WRITERS = 4
"""Threads writing archive copies and receipts: file creation waits on the disk, not the CPU."""


def process_inbox(
    ws: Workspace,
    registry: Registry,
    con: duckdb.DuckDBPyConnection,
    only: list[str] | None = None,
    scope: Scope | None = None,
) -> IntakeReport:
    """Every file in inbox/, or only the names in `only` (a batch the inbox sensor chose).
    `scope`: the portal's accounts, asked again for each uploaded file (UPLOAD_SCOPE)."""
    report = IntakeReport()
    with timed(report.seconds, "reload_archive"):
        report.reloaded = reload_archive(ws, registry, con)
    known = known_submissions(con)
    loader = BatchLoader(con, report.seconds, withdraw=on_load_failure(ws))
    arrival = next_arrival(con)
    locks = Locks.of(ws)
    released = {held.path: held for held in held_files.released(ws, registry, locks)}
    waiting = [(path, signature(path)) for path in released]
    seen: dict[Path, float] = {}  # when the inbox got each file: its change time
    waiting += _waiting(ws, report, None if only is None else set(only), seen)
    sidecars = uploads.waiting(ws)
    fault_points.reached("intake.listed")
    models = KnownModels(con, every_unit=len(waiting) >= EVERY_UNIT_FILES)
    catalogue = Catalogue.load(ws.reference)
    checks = checked([path for path, _ in waiting], registry)
    with contextlib.closing(checks) as answers, ThreadPoolExecutor(WRITERS) as writer:
        for path, before in waiting:
            with timed(report.seconds, "read_and_validate"):
                submission_id, verdict = next(answers)
            if submission_id is None:
                log.warning("%s: gone from inbox before it was read", path.name)
                continue
            if submission_id in known:  # bytes processed before, under any name
                _duplicate(path, submission_id, before, report)
                continue
            fault_points.reached("intake.checked")
            check_origins(verdict, models)
            check_award_categories(verdict, catalogue)
            upload = uploads.read(ws, submission_id) if submission_id in sidecars else None
            origin = sent_by(path, upload, released.get(path), seen.get(path))
            identity = (submission_id, origin)
            check_scope(verdict, identity[1], scope)
            check_arrival(verdict, identity[1])
            approval = held_files.approval_of(registry, locks, verdict.submission)
            if verdict.accepted and approval is not None:
                _hold(ws, path, verdict, identity, (approval, arrival), report)
                continue
            if path in released:
                report.released.append(submission_id)
            receipt = _process(ws, loader, writer, path, verdict, identity, before, arrival)
            if receipt is None:
                _left(path, "changed while being read; left in inbox for the next run", report)
                continue
            arrival += 1
            known.add(submission_id)
            if verdict.accepted:
                models.add(verdict)
            (report.accepted if receipt.outcome == "accepted" else report.rejected).append(receipt)
            log.info(
                "%s: %s (%d errors, %d warnings)",
                path.name,
                receipt.outcome,
                receipt.errors,
                receipt.warnings,
                extra=file_event(path, receipt.outcome, receipt, verdict),
            )
        loader.flush()
    _withdrawn(report, loader.withdrawn)
    uploads.forget(ws, known)
    for held in held_files.waiting(ws):  # taken in now, or by a run killed before this point
        if held.submission_id in known:
            held_files.forget(ws, held)
    stored_files.record(ws, con)
    fault_points.reached("intake.recorded")
    report.rows_loaded = loader.rows_loaded
    return report


def _waiting(
    ws: Workspace, report: IntakeReport, chosen: set[str] | None, seen: dict[Path, float]
) -> list[tuple[Path, tuple]]:
    """The inbox's files to check (its folders' too), with their signature, in name order;
    `seen` gets when the inbox got each. Temporary files, links, FIFOs and devices are left
    where they are, each with a line saying why; a file changed within the settle time is
    watched a moment, and left if it changes."""
    waiting, recent, now = [], set(), time.time()
    for entry in entries(ws.inbox):
        if chosen is not None and entry.name not in chosen:
            continue
        if entry.kind != "file":
            _left(entry.path, f"left in inbox: {entry.kind}, never followed nor read", report)
        elif is_temporary(entry.path.name):
            _left(entry.path, "left in inbox (a hidden or temporary file)", report)
        else:
            waiting.append((entry.path, signature(entry.status)))
            seen[entry.path] = entry.status.st_ctime
            if quiet_seconds(entry.status, now) < settle_seconds():
                recent.add(entry.path)
    if not recent:
        return waiting
    time.sleep(watch_seconds())
    settled = []
    for path, before in waiting:
        if path in recent and not unchanged(path, before):
            _left(path, "still being written; left in inbox for the next run", report)
        else:
            settled.append((path, before))
    return settled


def _withdrawn(report: IntakeReport, receipts: list[Receipt]) -> None:
    """Files counted accepted (or reloaded) whose rows could not be loaded: rejected now."""
    ids = {receipt.submission_id for receipt in receipts}
    report.accepted = [r for r in report.accepted if r.submission_id not in ids]
    report.reloaded = [r for r in report.reloaded if r.submission_id not in ids]
    for receipt in receipts:
        report.rejected.append(receipt)
        log.info(
            "%s: rejected after all (LOAD_FAILED)",
            receipt.original_name,
            extra=file_event(Path(receipt.original_name), "rejected", receipt),
        )


def _left(path: Path, why: str, report: IntakeReport) -> None:
    event = file_event(path, "left")
    event[FILE_EVENT]["why"] = why
    log.warning("%s: %s", path.name, why, extra=event)
    report.left.append(path.name)


def _duplicate(path: Path, submission_id: str, before: tuple, report: IntakeReport) -> None:
    if not unchanged(path, before):
        _left(path, "changed since it was read; left in inbox for the next run", report)
        return
    log.info(
        "%s: the same bytes were processed before as %s; removed from inbox",
        path.name,
        submission_id[:12],
        extra=file_event(path, "duplicate"),
    )
    report.duplicates.append(path.name)
    path.unlink()


def _receipt(
    path: Path,
    verdict: Verdict,
    identity: tuple[str, uploads.Upload],
    arrival: int | None = None,
) -> Receipt:
    """The receipt of a file of the inbox, under the office's own name and upload time when it
    came through the portal, or under the name it was held with."""
    submission_id, upload = identity
    return Receipt.from_verdict(
        verdict,
        visible_name(upload.original_name),
        submission_id,
        arrival,
        received_at=upload.uploaded_at,
        uploaded_by=upload.account,
    )


def _hold(
    ws: Workspace,
    path: Path,
    verdict: Verdict,
    identity: tuple[str, uploads.Upload],
    approval: tuple,
    report: IntakeReport,
) -> None:
    """A file of an approved period: kept in `quarantine/held/` with its receipt, not loaded."""
    event, arrival = approval
    held = held_files.hold(ws, path, _receipt(path, verdict, identity), event, arrival)
    if path.parent == ws.inbox:
        path.unlink()
        uploads.forget(ws, {held.submission_id})
    report.held.append(held)
    log.info(
        "%s: held (%s %s approved)",
        path.name,
        event.province,
        event.period,
        extra=file_event(path, "held", held),
    )


def _process(
    ws: Workspace,
    loader: BatchLoader,
    writer: ThreadPoolExecutor,
    path: Path,
    verdict: Verdict,
    identity: tuple[str, uploads.Upload],
    before: tuple,
    arrival: int,
) -> Receipt | None:
    """Store, receipt and load one checked file; None, touching nothing, if it changed since it
    was listed (a copy still in progress): removing it then would lose what the copy writes.
    `identity`: the file's content hash and, for a portal upload, who sent it when and as what."""
    if signature(path) != before:
        return None
    receipt = _receipt(path, verdict, identity, arrival)
    stored = writer.submit(_store, ws, path, receipt, verdict.accepted)
    loader.add(receipt, path.suffix.lower(), verdict, done=(path, before), stored=stored)
    return receipt


def _store(ws: Workspace, path: Path, receipt: Receipt, accepted: bool) -> None:
    """The file into archive/ beside its receipts, or into quarantine/ beside a copy of them."""
    stored = f"{receipt.submission_id}{path.suffix.lower()}"
    if accepted:
        copy_atomic(path, ws.archive / stored)
        fault_points.reached("intake.archived")
        receipt.write(ws.receipts)
    else:
        copy_atomic(path, ws.quarantine / stored)
        fault_points.reached("intake.quarantined")
        receipt.write(ws.receipts, ws.quarantine)
