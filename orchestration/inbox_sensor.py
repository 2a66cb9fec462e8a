"""The inbox sensor: files dropped in inbox/ reach the published marts without anyone asking.

Each tick examines one page of the inbox (names in order, after the cursor's last one), leaves
out files still being written or already handled, and asks for one run of the pipeline for the
rest. The run key is derived from the files' content hashes, so the same files never start a
second run, even after a restart; the cursor remembers which hashes are in requested runs until
their receipts appear. A run that failed (another process held the warehouse, a full disk)
gives its files back: they are offered again after a back-off that doubles with each failed
attempt (30 s, 1 min, … at most an hour), under a run key that names the attempt. A page is
bounded in files and in time, so a tick stays far inside Dagster's 60-second limit whatever
the inbox holds, and a burst of files becomes a few runs.
"""

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg

from ingestion.check.receipts import receipt_path
from ingestion.read.inbox import content_hash, entries, is_temporary, quiet_seconds, settle_seconds
from orchestration.jobs import pipeline_job
from warehouse.workspace import Workspace

PAGE_FILES = 2500
"""At most this many files per tick, and so per run."""
TICK_SECONDS = 20.0
"""Hashing stops after this long; the rest waits for the next tick."""
PENDING_HOURS = 24
"""A requested hash with no receipt after this long, its run not known to have failed, is
forgotten: the next tick offers it again."""
RETRY_SECONDS = 30.0
"""The back-off after a failed run's first attempt; it doubles with each further attempt."""
RETRY_MAX_SECONDS = 3600.0


@dataclass
class Cursor:
    after: str = ""
    """The last name examined; the next tick starts after it, and from the top at the end."""
    pending: dict[str, dict] = field(default_factory=dict)
    """Content hash → {"asked": when a run was requested for it, "run_key": that run's key,
    "attempt": how many runs failed for it before}."""

    @classmethod
    def parse(cls, text: str | None) -> "Cursor":
        cursor = cls(**json.loads(text)) if text else cls()
        cursor.pending = {  # a cursor of an earlier version: hash → when asked
            digest: entry if isinstance(entry, dict) else {"asked": entry, "attempt": 0}
            for digest, entry in cursor.pending.items()
        }
        return cursor

    def dump(self) -> str:
        return json.dumps({"after": self.after, "pending": self.pending}, sort_keys=True)


@dataclass
class Batch:
    files: list[str]
    hashes: list[str]
    skipped: list[tuple[str, str]]
    cursor: Cursor
    attempt: int = 0
    """The highest attempt among the files: 0 unless a run failed for one of them."""

    @property
    def run_key(self) -> str:
        digest = hashlib.sha256("\n".join(sorted(self.hashes)).encode()).hexdigest()[:32]
        return f"inbox-{digest}" + (f"-attempt{self.attempt + 1}" if self.attempt else "")


FailedAt = Callable[[str], float | None]
"""Run key → when its run failed (or was cancelled); None while it is queued, running, has
succeeded, or is unknown."""


def next_batch(
    ws: Workspace, cursor: Cursor, now: float | None = None, failed_at: FailedAt | None = None
) -> Batch:
    """The files of the next page that are complete and new, and the cursor after them."""
    now = time.time() if now is None else now
    started = time.monotonic()
    pending, retrying, waiting = _pending(ws, cursor, now, failed_at or (lambda key: None))
    listed = entries(ws.inbox)
    names = [entry.name for entry in listed]
    page = [name for name in names if name > cursor.after][:PAGE_FILES]
    kinds = {entry.name: entry.kind for entry in listed}
    files, hashes, skipped, last = [], [], [], cursor.after
    for name in page:
        if time.monotonic() - started > TICK_SECONDS:
            break
        last = name
        if kinds[name] != "file":
            skipped.append((name, f"{kinds[name]}, never followed nor read"))
            continue
        reason, digest = _examine(ws, name, pending, now)
        if digest in waiting:
            reason = f"its run failed; offered again in {waiting[digest] - now:.0f} s"
        if reason:
            skipped.append((name, reason))
            continue
        if digest in hashes:
            skipped.append((name, "the same bytes as another file of this batch"))
            continue
        files.append(name)
        hashes.append(digest)
    at_end = last == (page[-1] if page else cursor.after) and len(page) < PAGE_FILES
    attempt = max((retrying.get(digest, 0) for digest in hashes), default=0)
    batch = Batch(files, hashes, skipped, Cursor("" if at_end else last, pending), attempt)
    pending.update(
        {digest: {"asked": now, "run_key": batch.run_key, "attempt": attempt} for digest in hashes}
    )
    return batch


def _pending(
    ws: Workspace, cursor: Cursor, now: float, failed_at: FailedAt
) -> tuple[dict[str, dict], dict[str, int], dict[str, float]]:
    """The hashes still in requested runs; those whose run failed and may go again (→ their
    attempt); and those whose run failed, backing off (→ when they may go again)."""
    pending, retrying, waiting = {}, {}, {}
    for digest, entry in cursor.pending.items():
        if receipt_path(ws.receipts, digest).exists():
            continue
        failed = failed_at(entry["run_key"]) if entry.get("run_key") else None
        if failed is not None:
            attempt = entry.get("attempt", 0)
            again = failed + min(RETRY_SECONDS * 2**attempt, RETRY_MAX_SECONDS)
            if now >= again:
                retrying[digest] = attempt + 1
            else:
                pending[digest], waiting[digest] = entry, again
        elif now - entry["asked"] < PENDING_HOURS * 3600:
            pending[digest] = entry
    return pending, retrying, waiting


def _examine(ws: Workspace, name: str, pending: dict[str, dict], now: float):
    """(why the file is left out, or None; its content hash when it was read)."""
    if is_temporary(name.rpartition("/")[2]):
        return "a hidden or temporary file (an editor's lock, a copy in progress)", None
    path = ws.inbox / name
    try:
        quiet = quiet_seconds(path, now)
        if quiet < settle_seconds():
            return f"still being written (changed {quiet:.1f} s ago)", None
        digest = content_hash(path)
    except FileNotFoundError:
        return "gone before it was read", None
    if digest in pending:
        return f"already in a requested run ({digest[:12]})", digest
    if receipt_path(ws.receipts, digest).exists():
        return f"already processed ({digest[:12]}); the next run removes it from inbox", digest
    return None, digest


@dg.sensor(
    job=pipeline_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a pipeline run for the complete, new files in inbox/ (a page per tick).",
)
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    ws = Workspace.from_env().ensure()
    batch = next_batch(ws, Cursor.parse(context.cursor), failed_at=_failed_at(context.instance))
    for name, reason in batch.skipped:
        context.log.info(f"inbox/{name}: skipped, {reason}")
    if not batch.files:
        return dg.SensorResult(
            skip_reason=f"no new complete files in {ws.inbox} ({len(batch.skipped)} skipped)",
            cursor=batch.cursor.dump(),
        )
    context.log.info(f"{len(batch.files)} file(s) for run key {batch.run_key}")
    if batch.attempt:
        context.log.info(f"attempt {batch.attempt + 1}: an earlier run for these files failed")
    request = dg.RunRequest(
        run_key=batch.run_key,
        run_config={"ops": {"intake": {"config": {"files": batch.files}}}},
        tags={"dvk/trigger": "inbox", "dvk/files": str(len(batch.files))},
    )
    return dg.SensorResult(run_requests=[request], cursor=batch.cursor.dump())


def _failed_at(instance: dg.DagsterInstance) -> FailedAt:
    def failed_at(run_key: str) -> float | None:
        records = instance.get_run_records(
            filters=dg.RunsFilter(tags={"dagster/run_key": run_key}), limit=1
        )
        if not records or records[0].dagster_run.status not in _FAILED:
            return None
        return records[0].end_time or time.time()

    return failed_at


_FAILED = frozenset({dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED})
