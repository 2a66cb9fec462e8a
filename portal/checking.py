"""The portal's checks of uploaded files, in worker processes.

Reading a workbook and validating it is CPU work in Python: in the portal's own process it holds
the interpreter lock that every page and every other upload needs (six 100k-row uploads took
72 s each in one process, each waiting for the others). Here each check runs in one of a few
worker processes (`DVK_PORTAL_CHECK_WORKERS`, default the CPUs up to 4), started once from a
fork server that has imported the validation already; the portal's threads only wait.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingestion.check.files import check_file
from ingestion.check.verdict import Verdict
from ingestion.reference.award_catalogue import Catalogue
from ingestion.reference.registry import Registry

WORKERS_ENV = "DVK_PORTAL_CHECK_WORKERS"


def worker_count() -> int:
    return max(1, int(os.environ.get(WORKERS_ENV, "0") or 0) or min(4, os.cpu_count() or 1))


class Checker:
    """`check(path)`: the file's verdict (findings and `Thông tin`, without its rows), as
    `ingestion.check.files.check_file` gives it with the registries of `units_dir` as they are
    now."""

    def __init__(self, units_dir: Path, workers: int | None = None):
        self.units_dir, self.workers = units_dir, workers or worker_count()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def check(self, path: Path) -> Verdict:
        try:
            return self._executor().submit(_check, str(self.units_dir), str(path)).result()
        except BrokenProcessPool:  # a worker was killed (out of memory): a new pool, once
            self.close()
            return self._executor().submit(_check, str(self.units_dir), str(path)).result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["ingestion.check.files", "portal.checking"])
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_quiet_worker
                )
            return self._pool


def _quiet_worker() -> None:
    # Ctrl-C on `dvk portal` reaches its whole process group: the portal stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_loaded: dict[str, tuple[tuple, object]] = {}
"""Folder → (its CSV files' names and times, what was read from them)."""


def _check(units_dir: str, path: str) -> Verdict:
    reference = Path(units_dir).parent
    verdict = check_file(Path(path), _registry(Path(units_dir)), catalogue=_catalogue(reference))
    return Verdict(findings=verdict.findings, submission=verdict.submission)


def _catalogue(reference: Path) -> Catalogue:
    """The award catalogue, read again in this worker when a statutory file changes."""
    return _fresh(reference / "statutory", lambda: Catalogue.load(reference))


def _registry(folder: Path) -> Registry:
    """The registries, read again in this worker when a file of them changes."""
    return _fresh(folder, lambda: Registry.load(folder))


def _fresh(folder: Path, load: Callable[[], object]):
    """What `load` reads from the CSV files of `folder`, kept until one of them changes."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.csv")))
    known = _loaded.get(str(folder))
    if known is None or known[0] != stamp:
        known = (stamp, load())
        _loaded[str(folder)] = known
    return known[1]
