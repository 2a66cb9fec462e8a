"""The intake's checks on every core: files read and validated by worker processes, a chunk at a
time, their verdicts handed back in the order the files were given.

Workers import only what reading and validating need (no DuckDB, no Dagster); the parent keeps
the warehouse, the archive and the receipts. At most `IN_FLIGHT_PER_WORKER` chunks per worker are
queued or waiting to be taken, so memory stays bounded however many files a backfill holds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from ingestion.check import check_files
from ingestion.registry import Registry
from ingestion.validation import Verdict

WORKERS_ENV = "DVK_WORKERS"
"""Worker processes for the checks; default one per core, 1 checks in the run's own process."""
POOL_MIN_FILES = 48
"""Below this a pool's start-up (≈ 2 s to import pandas and pandera) costs more than it saves."""
CHUNK_FILES = 48
CHUNK_BYTES = 4 * 1024 * 1024
"""A chunk ends at whichever comes first: the files it holds stay in memory until checked."""
IN_FLIGHT_PER_WORKER = 2

_registry: Registry | None = None


def worker_count() -> int:
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def checked(paths: Sequence[Path], registry: Registry) -> Iterator[Verdict]:
    """The verdict of each path, in order (origins not yet checked: see `check_origins`)."""
    chunks = list(_chunks(paths))
    workers = worker_count()
    if workers == 1 or len(paths) < POOL_MIN_FILES:
        for chunk in chunks:
            yield from check_files(chunk, registry)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(workers, len(chunks)), _start, (registry,)) as pool:
        waiting = deque()
        queue = iter(chunks)
        for chunk in queue:
            waiting.append(pool.apply_async(_check, (chunk,)))
            if len(waiting) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while waiting:
            verdicts = waiting.popleft().get()
            chunk = next(queue, None)
            if chunk is not None:
                waiting.append(pool.apply_async(_check, (chunk,)))
            yield from verdicts


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


def _start(registry: Registry) -> None:
    global _registry
    _registry = registry


def _check(chunk: list[Path]) -> list[Verdict]:
    assert _registry is not None, "the worker was started without its registry"
    return check_files(chunk, _registry)
