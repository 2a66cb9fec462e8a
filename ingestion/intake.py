"""The inbox, file by file: read, validate, receipt, then archive and load, or quarantine.

A file is named by the SHA-256 of its bytes: the same bytes are processed once whatever their
name, and names (which may carry path traversal or letters a file system mangles) are kept only
as metadata. The order of steps makes a crash harmless: the file is archived before its rows
are loaded, and leaves the inbox only after both; the next run loads what an archive holds and
the warehouse lacks. No file, however malformed, stops the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.parsed import ParsedSubmission
from ingestion.raw_tables import insert_submissions, known_submissions, next_arrival
from ingestion.read_json import JsonShapeError, read_json
from ingestion.read_xlsx import read_workbook
from ingestion.receipts import Receipt, receipt_path
from ingestion.registry import Registry
from ingestion.rules import Finding
from ingestion.validation import Verdict, validate
from ingestion.vietnamese import fold
from ingestion.xlsx_package import PackageProblem
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)

TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download")
SUBMISSION_FIELDS = (
    "unit_code",
    "period_code",
    "submitted_on",
    "version",
    "prepared_by",
    "contact",
)
BATCH_FILES = 500
"""Files whose rows are written to the warehouse in one transaction."""
MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files above this are rejected unread; `DVK_MAX_FILE_MB` changes it."""
READERS: dict[str, Callable[[Path], ParsedSubmission]] = {
    ".xlsx": read_workbook,
    ".xlsm": read_workbook,
    ".xls": read_workbook,
    ".ods": read_workbook,
    ".json": read_json,
}


@dataclass
class IntakeReport:
    accepted: list[Receipt] = field(default_factory=list)
    rejected: list[Receipt] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    reloaded: list[Receipt] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    """Files left in inbox for a later run: temporary, or still being written."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase (read_and_validate, archive_and_receipt, load, …)."""

    @property
    def loaded_ids(self) -> list[str]:
        """The files whose rows this intake wrote to the warehouse."""
        return [r.submission_id for r in [*self.reloaded, *self.accepted]]


def is_temporary(name: str) -> bool:
    """Lock and partial files that editors and copy tools leave while they work: `~$x.xlsx`,
    `.~lock.x.xlsx#`, `.x.xlsx.abc123`, `x.xlsx.part`. A name like `..\\x.xlsx` is data."""
    hidden = name.startswith(".") and not name.startswith("..")
    return hidden or name.startswith("~$") or name.endswith(TEMPORARY_SUFFIXES)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def max_file_bytes() -> int:
    megabytes = os.environ.get("DVK_MAX_FILE_MB")
    return int(float(megabytes) * 1024 * 1024) if megabytes else MAX_FILE_BYTES


def check_file(
    path: Path,
    registry: Registry,
    known_models: Callable[[str], set[str]] | None = None,
    max_bytes: int | None = None,
) -> Verdict:
    """Read and validate one file; never raises for what the file holds."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return Verdict([Finding("FILE_TYPE", value=path.suffix, expected=", ".join(READERS))])
    size, limit_bytes = path.stat().st_size, max_bytes or max_file_bytes()
    if size > limit_bytes:
        limit = f"tối đa / at most {limit_bytes} bytes"
        return Verdict([Finding("FILE_UNREADABLE", value=f"{size} bytes", expected=limit)])
    try:
        parsed = reader(path)
    except PackageProblem as problem:
        return Verdict([problem.finding])
    except Exception as error:  # any reader failure is the file's, not the pipeline's
        return Verdict([unreadable(path, error)])
    return validate(parsed, registry, known_models)


def unreadable(path: Path, error: Exception) -> Finding:
    """FILE_UNREADABLE in words an office can act on, with the reader's own words after them."""
    if isinstance(error, json.JSONDecodeError):
        vi = f"JSON sai cú pháp ở dòng {error.lineno}, cột {error.colno}"
        en = f"the JSON is not well formed at line {error.lineno}, column {error.colno}"
    elif isinstance(error, UnicodeDecodeError):
        vi, en = "tệp không phải văn bản UTF-8", "the file is not UTF-8 text"
    elif isinstance(error, JsonShapeError):
        vi, en = "JSON không đúng cấu trúc báo cáo", "the JSON is not shaped as a submission"
    elif path.suffix.lower() == ".json":
        vi, en = "không đọc được JSON", "the JSON cannot be read"
    else:
        vi = "tệp hỏng hoặc không phải bảng tính (hãy mở và lưu lại bằng Excel)"
        en = "the file is damaged or not a workbook (open and save it again in Excel)"
    technical = f"{type(error).__name__}: {error}"[:300]
    expected = "tệp .xlsx, .xls, .ods hoặc .json / a .xlsx, .xls, .ods or .json submission"
    return Finding("FILE_UNREADABLE", value=f"{vi} / {en} ({technical})", expected=expected)


def process_inbox(
    ws: Workspace,
    registry: Registry,
    con: duckdb.DuckDBPyConnection,
    only: list[str] | None = None,
) -> IntakeReport:
    """Every file in inbox/, or only the names in `only` (a batch the inbox sensor chose)."""
    report = IntakeReport()
    with timed(report.seconds, "reload_archive"):
        report.reloaded = reload_archive(ws, registry, con)
    known = known_submissions(con)
    models = KnownModels(con)
    loader = BatchLoader(con, report.seconds)
    arrival = next_arrival(con)
    chosen = None if only is None else set(only)
    for path in sorted(p for p in ws.inbox.iterdir() if p.is_file()):
        if chosen is not None and path.name not in chosen:
            continue
        if is_temporary(path.name):
            log.warning(
                "%s: left in inbox (a hidden or temporary file)",
                path.name,
                extra=_file(path, "left"),
            )
            report.left.append(path.name)
            continue
        before = _signature(path)
        with timed(report.seconds, "hash"):
            submission_id = content_hash(path)
        if submission_id in known:
            log.info(
                "%s: the same bytes were processed before as %s; removed from inbox",
                path.name,
                submission_id[:12],
                extra=_file(path, "duplicate"),
            )
            report.duplicates.append(path.name)
            path.unlink()
            continue
        receipt = _process(ws, registry, models, loader, path, submission_id, before, arrival)
        if receipt is None:
            log.warning(
                "%s: changed while being read; left in inbox for the next run",
                path.name,
                extra=_file(path, "left"),
            )
            report.left.append(path.name)
            continue
        arrival += 1
        known.add(submission_id)
        (report.accepted if receipt.outcome == "accepted" else report.rejected).append(receipt)
        log.info(
            "%s: %s (%d errors, %d warnings)",
            path.name,
            receipt.outcome,
            receipt.errors,
            receipt.warnings,
            extra=_file(path, receipt.outcome, receipt),
        )
    loader.flush()
    return report


FILE_EVENT = "dvk_file"
"""The `extra` key of the log record each file of the inbox gets: what `dvk run` prints."""


def _file(path: Path, outcome: str, receipt: Receipt | None = None) -> dict[str, dict]:
    event = {"name": path.name, "outcome": outcome, "errors": 0, "warnings": 0, "receipt": None}
    if receipt is not None:
        event.update(
            errors=receipt.errors, warnings=receipt.warnings, receipt=receipt.submission_id
        )
    return {FILE_EVENT: event}


def _signature(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@contextlib.contextmanager
def timed(seconds: dict[str, float], phase: str) -> Iterator[None]:
    """Adds the time spent in the block to `seconds[phase]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[phase] = seconds.get(phase, 0.0) + time.perf_counter() - started


def _process(
    ws: Workspace,
    registry: Registry,
    models: KnownModels,
    loader: BatchLoader,
    path: Path,
    submission_id: str,
    before: tuple,
    arrival: int,
) -> Receipt | None:
    """Store, receipt and load one file; None, touching nothing, if it changed meanwhile (a copy
    still in progress): removing it then would lose what the copy writes next."""
    seconds = loader.seconds
    with timed(seconds, "read_and_validate"):
        verdict = check_file(path, registry, models)
    if _signature(path) != before:
        return None
    receipt = Receipt.from_verdict(verdict, path.name, submission_id, arrival)
    stored = f"{submission_id}{path.suffix.lower()}"
    with timed(seconds, "archive_and_receipt"):
        if verdict.accepted:
            _copy_atomic(path, ws.archive / stored)
            receipt.write(ws.receipts)
        else:
            _copy_atomic(path, ws.quarantine / stored)
            receipt.write(ws.receipts, ws.quarantine)
    loader.add(receipt, path.suffix.lower(), verdict, done=path)
    if verdict.accepted:
        models.add(verdict)
    return receipt


def reload_archive(
    ws: Workspace, registry: Registry, con: duckdb.DuckDBPyConnection
) -> list[Receipt]:
    """Load the stored files the warehouse lacks: after a crash between archiving and loading,
    or into a warehouse rebuilt from scratch. Each keeps the verdict its receipt records, and
    files load in the order they first arrived."""
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
    loader = BatchLoader(con, {})
    for _, path, stored in sorted(pending, key=lambda item: item[0]):
        verdict = check_file(path, registry)
        receipt = Receipt.from_verdict(
            verdict,
            stored["file"],
            stored["submission_id"],
            stored["arrival_seq"],
            received_at=stored["received_at"],
            outcome=stored["outcome"],
        )
        loader.add(receipt, path.suffix, verdict)
        log.info("%s: reloaded from %s", receipt.original_name, path.parent.name)
        reloaded.append(receipt)
    loader.flush()
    return reloaded


class BatchLoader:
    """Files written to the warehouse `BATCH_FILES` at a time, one transaction per batch.

    A backfill pays DuckDB's commit once per batch rather than once per file, and a file is still
    in the warehouse whole or not at all. A file leaves the inbox only once its batch is
    committed: after a crash it is in the archive with its receipt, and the next run reloads it.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: dict[str, float]):
        self._con = con
        self.seconds = seconds
        self._pending: list[tuple[dict, dict, Path | None]] = []

    def add(
        self, receipt: Receipt, suffix: str, verdict: Verdict, done: Path | None = None
    ) -> None:
        """Queue one file's rows; `done` is removed from the inbox once they are committed."""
        accepted = receipt.outcome == "accepted"
        submission = {
            "submission_id": receipt.submission_id,
            "original_name": receipt.original_name,
            "file_format": suffix.lstrip("."),
            "received_at": dt.datetime.fromisoformat(receipt.received_at).replace(tzinfo=None),
            "arrival_seq": receipt.arrival_seq,
            "outcome": receipt.outcome,
            **{k: verdict.submission.get(k) for k in SUBMISSION_FIELDS},
            "error_count": receipt.errors,
            "warning_count": receipt.warnings,
        }
        self._pending.append((submission, verdict.tables if accepted else {}, done))
        if len(self._pending) >= BATCH_FILES:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with timed(self.seconds, "load"):
            insert_submissions(self._con, [(s, tables) for s, tables, _ in self._pending])
        for _, _, done in self._pending:
            if done is not None:
                done.unlink()
        self._pending = []


class KnownModels:
    """unit_code → folded model codes of the unit's accepted registrations.

    Read from the warehouse once per unit and run, then kept up to date as the run accepts
    files: a backfill asks once per unit, not once per file, whatever the history's size.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con
        self._cache: dict[str, set[str]] = {}

    def __call__(self, unit_code: str) -> set[str]:
        key = unit_code.casefold()
        if key not in self._cache:
            rows = self._con.execute(
                "select distinct r.model_code from raw.registrations r "
                "join raw.submissions s using (submission_id) "
                "where s.outcome = 'accepted' and lower(s.unit_code) = ? "
                "and r.model_code is not null",
                [key],
            ).fetchall()
            self._cache[key] = {fold(code) for (code,) in rows}
        return self._cache[key]

    def add(self, verdict: Verdict) -> None:
        """The model codes of a file just accepted."""
        unit_code, rows = verdict.submission.get("unit_code"), verdict.registrations
        if not isinstance(unit_code, str) or rows is None or rows.empty:
            return
        codes = self(unit_code)
        codes.update(fold(code) for code in rows["model_code"].dropna())


def _copy_atomic(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temporary)
    temporary.replace(target)
