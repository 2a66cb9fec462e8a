"""What several test processes share: made once per test run, by the first test process to ask,
under a lock in the folder pytest-xdist's workers share, and read by the others (each test
copies what it changes)."""

from __future__ import annotations

import fcntl
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def made_once(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], T]
) -> T:
    """`make(folder)`'s result, made in `<shared>/<name>/` the first time any process asks."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # pytest-xdist: each worker's base is a folder of the run's own
        shared = shared.parent
    folder, stored = shared / name, shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stored.exists():
            folder.mkdir(exist_ok=True)
            stored.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(stored.read_bytes())
