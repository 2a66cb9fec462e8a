"""The kill harness's prepared workspace, made once for every module that kills runs
(`kill_harness`): by the first test process to ask, under a lock in the folder the test processes
share, and read by the others (each chain copies it before its first kill)."""

import fcntl
import pickle

import pytest

from tests.orchestration.kill_harness import Harness, harness


@pytest.fixture(scope="session")
def prepared(tmp_path_factory, worker_id) -> Harness:
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # pytest-xdist: each worker's base is a folder of the run's own
        shared = shared.parent
    folder = shared / "kill-harness"
    stored = shared / "kill-harness.pickle"
    with (shared / "kill-harness.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stored.exists():
            folder.mkdir(exist_ok=True)
            made = harness(folder)
            stored.write_bytes(pickle.dumps(made))
        return pickle.loads(stored.read_bytes())
