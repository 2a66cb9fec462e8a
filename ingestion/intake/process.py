"""The inbox, in name order: check (on every core), receipt, then archive and load, or
quarantine.

The order of steps makes a crash harmless: the file is archived before its rows are loaded,
and leaves the inbox only after both; the next run loads what an archive holds and the
warehouse lacks. No file, however malformed, stops the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from ingestion.check.check_pool import checked
from ingestion.check.origins import check_origins
from ingestion.check.receipts import Receipt, receipt_path
from ingestion.check.verdict import Verdict
from ingestion.decisions import held_files
from ingestion.decisions.approvals import Locks
from ingestion.format.raw_tables import known_submissions, next_arrival
from ingestion.format.rules import Finding
from ingestion.intake import stored_files, uploads, withdrawal
from ingestion.intake.intake_report import IntakeReport
from ingestion.intake.loading import BatchLoader, KnownModels, Withdraw
from ingestion.intake.timing import timed
from ingestion.intake.uploads import arrival_date
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
from ingestion.reference.registry import Registry
from warehouse import fault_points
from warehouse.exported_text import visible_name
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)
EVERY_UNIT_FILES = 1000
"""From this many files on, the known model codes of every unit are read in one query."""
WRITERS = 4
"""Threads writing archive copies and receipts: file creation waits on the disk, not the CPU."""


Scope = Callable[[str, str], bool]
"""(portal account, unit code) → whether the account may send files for the unit today."""


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
    loader = BatchLoader(con, report.seconds, withdraw=_load_failed(ws))
    arrival = next_arrival(con)
    locks = Locks.of(ws)
    released = {held.path: held for held in held_files.released(ws, registry, locks)}
    waiting = [(path, signature(path)) for path in released]
    seen: dict[Path, float] = {}  # when the inbox got each file: its change time
    waiting += _waiting(ws, report, None if only is None else set(only), seen)
    sidecars = uploads.waiting(ws)
    fault_points.reached("intake.listed")
    models = KnownModels(con, every_unit=len(waiting) >= EVERY_UNIT_FILES)
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
            upload = uploads.read(ws, submission_id) if submission_id in sidecars else None
            origin = _origin(path, upload, released.get(path), seen.get(path))
            identity = (submission_id, origin)
            _check_scope(verdict, identity[1], scope)
            _check_arrival(verdict, identity[1])
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
                extra=_file(path, receipt.outcome, receipt, verdict),
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


def _check_scope(verdict: Verdict, upload: uploads.Upload, scope: Scope | None) -> None:
    """UPLOAD_SCOPE: the account that uploaded the file no longer covers its unit (its units
    changed, or the file named a unit the registry gained after the upload). The portal checked
    at the upload; the run checks again, as of now."""
    unit = verdict.submission.get("unit_code")
    if scope is None or not upload.account or not isinstance(unit, str):
        return
    if not scope(upload.account, unit):
        expected = f"một đơn vị của tài khoản / a unit of account {upload.account}"
        verdict.findings.append(Finding("UPLOAD_SCOPE", None, None, "unit_code", unit, expected))


def _load_failed(ws: Workspace) -> Withdraw:
    def withdraw(receipt: Receipt, suffix: str, error: BaseException) -> Receipt:
        log.error(
            "%s: its rows could not be loaded (%s); quarantined", receipt.original_name, error
        )
        return withdrawal.withdraw(ws, receipt, suffix, withdrawal.load_failed(error))

    return withdraw


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
            extra=_file(Path(receipt.original_name), "rejected", receipt),
        )


def _left(path: Path, why: str, report: IntakeReport) -> None:
    event = _file(path, "left")
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
        extra=_file(path, "duplicate"),
    )
    report.duplicates.append(path.name)
    path.unlink()


FILE_EVENT = "dvk_file"
"""The `extra` key of the log record each file of the inbox gets: what `dvk run` prints."""


def _file(
    path: Path, outcome: str, receipt: Receipt | None = None, verdict: Verdict | None = None
) -> dict[str, dict]:
    """`rows`: the rows the file adds to the warehouse (none unless accepted)."""
    event = {
        "name": path.name,
        "outcome": outcome,
        "errors": 0,
        "warnings": 0,
        "receipt": None,
        "rows": 0,
    }
    if receipt is not None:
        event.update(
            errors=receipt.errors, warnings=receipt.warnings, receipt=receipt.submission_id
        )
        if receipt.original_name != visible_name(path.name):  # a portal upload, a held file
            event["name"] = receipt.original_name
        if receipt.uploaded_by:
            event["name"] = f"{receipt.original_name} (portal: {receipt.uploaded_by})"
    if verdict is not None and outcome == "accepted":
        event["rows"] = sum(len(rows) for rows in verdict.tables.values())
    return {FILE_EVENT: event}


def _origin(
    path: Path,
    upload: uploads.Upload | None,
    held: held_files.Held | None,
    seen: float | None,
) -> uploads.Upload:
    """Who sent the file, when it arrived and as what: for a held file taken in after a
    reopening, its record (the name it came with; arriving now); its signed portal sidecar
    (`upload`); else a file dropped in the inbox, arriving when the inbox got it (`seen`: its
    change time, which a copy cannot set back as it can the modification time), never later
    than now."""
    if held is not None:
        return uploads.Upload(held.record["uploaded_by"], None, held.record["file"])
    if upload is not None:
        return upload
    moment = time.time() if seen is None else min(seen, time.time())
    arrived = dt.datetime.fromtimestamp(moment, dt.UTC).replace(microsecond=0).isoformat()
    return uploads.Upload(None, arrived, path.name)


GAP_DAYS = 30
"""Days between the declared Ngày gửi and the file's arrival past which the receipt says so:
`on_time` is judged by the arrival (contract §4), and Ngày gửi stays as the office declared it."""


def _check_arrival(verdict: Verdict, upload: uploads.Upload) -> None:
    sent = verdict.submission.get("submitted_on")
    if not isinstance(sent, dt.date) or upload.uploaded_at is None:
        return
    arrived = arrival_date(upload.uploaded_at)
    if (arrived - sent).days > GAP_DAYS:
        expected = f"gần ngày nhận tệp {arrived:%d/%m/%Y} / near the arrival, {arrived:%d/%m/%Y}"
        verdict.findings.append(
            Finding("SUBMITTED_GAP", None, None, "submitted_on", f"{sent:%d/%m/%Y}", expected)
        )


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
        extra=_file(path, "held", held),
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


def reload_archive(
    ws: Workspace, registry: Registry, con: duckdb.DuckDBPyConnection
) -> list[Receipt]:
    """Load the stored files the warehouse lacks: after a crash between archiving and loading,
    or into a warehouse rebuilt from scratch. Each keeps the verdict its receipt records, and
    files load in the order they first arrived. The folders are listed only when they changed
    since the last complete intake (`stored_files`)."""
    if stored_files.all_loaded(ws, con):
        return []
    known = known_submissions(con)
    pending = []
    for path in [*ws.archive.iterdir(), *ws.quarantine.iterdir()]:
        submission_id, _, rest = path.name.partition(".")
        stored_receipt = receipt_path(ws.receipts, submission_id)
        if rest.startswith("receipt") or submission_id in known or not stored_receipt.exists():
            continue
        stored = json.loads(stored_receipt.read_text(encoding="utf-8"))
        pending.append((stored["arrival_seq"], path, stored))
    reloaded = []
    loader = BatchLoader(con, {}, withdraw=_load_failed(ws))
    models = KnownModels(con)
    pending.sort(key=lambda item: item[0])
    with contextlib.closing(checked([path for _, path, _ in pending], registry)) as verdicts:
        for (_, path, stored), (_, verdict) in zip(pending, verdicts, strict=True):
            check_origins(verdict, models)
            receipt = Receipt.from_verdict(
                verdict,
                stored["file"],
                stored["submission_id"],
                stored["arrival_seq"],
                received_at=stored["received_at"],
                outcome=stored["outcome"],
                uploaded_by=stored.get("uploaded_by"),
            )
            loader.add(receipt, path.suffix, verdict)
            if receipt.outcome == "accepted":
                models.add(verdict)
            log.info("%s: reloaded from %s", receipt.original_name, path.parent.name)
            reloaded.append(receipt)
            fault_points.reached("intake.reloaded")
    loader.flush()
    failed = {receipt.submission_id for receipt in loader.withdrawn}
    return [receipt for receipt in reloaded if receipt.submission_id not in failed]
