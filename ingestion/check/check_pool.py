"""The intake's checks on every core: files read and validated by worker processes, a chunk at a
time, their verdicts handed back in the order the files were given.

Workers are `python -m ingestion.check.check_worker` processes: they import only what reading and
validating need (no DuckDB, no Dagster, nothing of the process that starts them), and end when
their pipe closes. The parent keeps the warehouse, the archive and the receipts. Chunk k goes to
worker k mod n and each worker answers in order, so reading the answers in turn gives the files'
order; at most `IN_FLIGHT_PER_WORKER` chunks wait per worker, so memory stays bounded however
many files a backfill holds.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ingestion.check.check_worker import check_chunk
from ingestion.check.verdict import Verdict
from ingestion.pipe_messages import receive, send
from ingestion.reference.registry import Registry

WORKERS_ENV = "DVK_WORKERS"
"""Worker processes for the checks; default one per core; 1 checks in the run's own process."""
POOL_MIN_FILES = 48
"""Below this, starting workers (≈ 1.5 s to import pandas and pandera) costs more than it saves."""
CHUNK_FILES = 160
CHUNK_BYTES = 8 * 1024 * 1024
"""A chunk ends at whichever comes first: its files stay in memory until checked."""
IN_FLIGHT_PER_WORKER = 2


class WorkerFailed(RuntimeError):
    """A worker process ended without answering: a fault of the pipeline, not of a file."""


def worker_count() -> int:
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def checked(paths: Sequence[Path], registry: Registry) -> Iterator[tuple[str | None, Verdict]]:
    """The content hash (None if the file is gone) and verdict of each path, in order (origins
    not yet looked for among earlier files: see `check_origins`)."""
    chunks = list(_chunks(paths))
    workers = min(worker_count(), len(chunks))
    if workers <= 1 or len(paths) < POOL_MIN_FILES:
        for chunk in chunks:
            yield from check_chunk(chunk, registry)
        return
    with _workers(workers, registry) as pool:
        sent = 0
        for answered, chunk in enumerate(chunks):
            while sent < len(chunks) and sent < answered + workers * IN_FLIGHT_PER_WORKER:
                send(pool[sent % workers].stdin, chunks[sent])
                sent += 1
            worker = pool[answered % workers]
            try:
                answers = receive(worker.stdout)
            except EOFError:
                names = ", ".join(path.name for path in chunk[:5])
                raise WorkerFailed(
                    f"a check worker ended (exit {worker.poll()}) while checking {names}"
                    f"{' …' if len(chunk) > 5 else ''}; see the run's log for its error"
                ) from None
            yield from answers


@contextlib.contextmanager
def _workers(count: int, registry: Registry) -> Iterator[list[subprocess.Popen]]:
    pool = []
    try:
        for _ in range(count):
            worker = subprocess.Popen(
                [sys.executable, "-m", "ingestion.check.check_worker", str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            pool.append(worker)
            send(worker.stdin, registry)
        yield pool
    finally:
        for worker in pool:
            with contextlib.suppress(OSError):
                worker.stdin.close()
        for worker in pool:
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _chunks(paths: Sequence[Path]) -> Iterator[list[Path]]:
    chunk: list[Path] = []
    size = 0
    for path in paths:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0
        if chunk and (len(chunk) >= CHUNK_FILES or size + length > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += length
    if chunk:
        yield chunk
