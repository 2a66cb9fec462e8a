"""The inbox sensor: files dropped in inbox/ reach the published marts without anyone asking.

Each tick examines one page of the inbox (names in order, after the cursor's last one), leaves
out files still being written or already handled, and asks for one run of the pipeline for the
rest. The run key is derived from the files' content hashes, so the same files never start a
second run, even after a restart; the cursor remembers which hashes are in requested runs until
their receipts appear. A page is bounded in files and in time, so a tick stays far inside
Dagster's 60-second limit whatever the inbox holds, and a burst of files becomes a few runs.
"""

import hashlib
import json
import os
import time
from dataclasses import dataclass, field

import dagster as dg

from ingestion.inbox import content_hash, is_temporary
from ingestion.receipts import receipt_path
from orchestration.jobs import pipeline_job
from warehouse.workspace import Workspace

PAGE_FILES = 2500
"""At most this many files per tick, and so per run."""
TICK_SECONDS = 20.0
"""Hashing stops after this long; the rest waits for the next tick."""
SETTLE_SECONDS = 5.0
"""A file written or changed more recently than this is left for a later tick
(`DVK_INBOX_SETTLE_SECONDS`)."""
PENDING_HOURS = 24
"""A requested hash with no receipt after this long is forgotten: the next tick offers it again
under the same run key, which Dagster refuses if that run exists."""


@dataclass
class Cursor:
    after: str = ""
    """The last name examined; the next tick starts after it, and from the top at the end."""
    pending: dict[str, float] = field(default_factory=dict)
    """Content hash → when a run was requested for it."""

    @classmethod
    def parse(cls, text: str | None) -> "Cursor":
        return cls(**json.loads(text)) if text else cls()

    def dump(self) -> str:
        return json.dumps({"after": self.after, "pending": self.pending}, sort_keys=True)


@dataclass
class Batch:
    files: list[str]
    hashes: list[str]
    skipped: list[tuple[str, str]]
    cursor: Cursor

    @property
    def run_key(self) -> str:
        return "inbox-" + hashlib.sha256("\n".join(sorted(self.hashes)).encode()).hexdigest()[:32]


def settle_seconds() -> float:
    return float(os.environ.get("DVK_INBOX_SETTLE_SECONDS", SETTLE_SECONDS))


def next_batch(ws: Workspace, cursor: Cursor, now: float | None = None) -> Batch:
    """The files of the next page that are complete and new, and the cursor after them."""
    now = time.time() if now is None else now
    started = time.monotonic()
    pending = {
        digest: asked
        for digest, asked in cursor.pending.items()
        if now - asked < PENDING_HOURS * 3600 and not receipt_path(ws.receipts, digest).exists()
    }
    names = sorted(entry.name for entry in os.scandir(ws.inbox) if entry.is_file())
    page = [name for name in names if name > cursor.after][:PAGE_FILES]
    files, hashes, skipped, last = [], [], [], cursor.after
    for name in page:
        if time.monotonic() - started > TICK_SECONDS:
            break
        last = name
        reason, digest = _examine(ws, name, pending, now)
        if reason:
            skipped.append((name, reason))
            continue
        if digest in hashes:
            skipped.append((name, "the same bytes as another file of this batch"))
            continue
        files.append(name)
        hashes.append(digest)
    at_end = last == (page[-1] if page else cursor.after) and len(page) < PAGE_FILES
    pending.update({digest: now for digest in hashes})
    return Batch(files, hashes, skipped, Cursor("" if at_end else last, pending))


def _examine(ws: Workspace, name: str, pending: dict[str, float], now: float):
    """(why the file is left out, or None; its content hash when it was read)."""
    if is_temporary(name):
        return "a hidden or temporary file (an editor's lock, a copy in progress)", None
    path = ws.inbox / name
    try:
        status = path.stat()
        quiet = now - max(status.st_mtime, status.st_ctime)
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
    batch = next_batch(ws, Cursor.parse(context.cursor))
    for name, reason in batch.skipped:
        context.log.info(f"inbox/{name}: skipped, {reason}")
    if not batch.files:
        return dg.SensorResult(
            skip_reason=f"no new complete files in {ws.inbox} ({len(batch.skipped)} skipped)",
            cursor=batch.cursor.dump(),
        )
    context.log.info(f"{len(batch.files)} file(s) for run key {batch.run_key}")
    request = dg.RunRequest(
        run_key=batch.run_key,
        run_config={"ops": {"intake": {"config": {"files": batch.files}}}},
        tags={"dvk/trigger": "inbox", "dvk/files": str(len(batch.files))},
    )
    return dg.SensorResult(run_requests=[request], cursor=batch.cursor.dump())
