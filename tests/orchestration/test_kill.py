"""A run killed during `dbt build` loses nothing, and the next run finishes its work."""

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ingestion.writers import write_json
from tests.conftest import demo_workspace, info, published_marts, registration
from tests.orchestration.test_cli import DVK, dvk

pytestmark = pytest.mark.slow

UNITS = ["BTH-TUYPHONG", "BTH-LAGI", "BTH-PHANTHIET", "BTH-BACBINH"]


def _inputs(ws) -> dict[str, str]:
    """Writes the same submissions into any workspace; file name → content hash."""
    for number, unit in enumerate(UNITS):
        rows = [registration(model_code=f"{unit}-{i}") for i in range(number + 2)]
        write_json(ws.inbox / f"{unit}.json", info(unit_code=unit), {"registrations": rows})
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}


def _kill_during_dbt(home: Path) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("DVK_HOME", "DAGSTER_HOME")}
    run = subprocess.Popen(
        [DVK, "--home", str(home), "run"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # dbt runs inside the run's process; its log says when the first model starts.
    log, deadline = home / ".dbt-target" / "dbt.log", time.time() + 300
    while not (log.exists() and " START sql " in log.read_text(errors="replace")):
        assert run.poll() is None, "the run ended before dbt started"
        assert time.time() < deadline, "dbt never started"
        time.sleep(0.05)
    time.sleep(1.5)  # well inside the build: models are being written
    os.killpg(run.pid, signal.SIGKILL)
    return run.wait(timeout=60)


def test_a_run_killed_during_dbt_loses_nothing_and_the_next_run_finishes(tmp_path):
    reference = demo_workspace(tmp_path / "reference")
    _inputs(reference)
    assert dvk("run", home=reference.home).returncode == 0

    ws = demo_workspace(tmp_path / "killed")
    sent = _inputs(ws)
    assert _kill_during_dbt(ws.home) == -signal.SIGKILL
    assert not ws.marts.exists()  # nothing was published
    stored = {p.name.split(".")[0] for p in [*ws.archive.iterdir(), *ws.quarantine.iterdir()]}
    waiting = {p.name for p in ws.inbox.iterdir()}
    assert all(digest in stored or name in waiting for name, digest in sent.items())

    again = dvk("run", home=ws.home)
    assert again.returncode == 0, again.stderr[-3000:]
    assert published_marts(ws) == published_marts(reference)
    assert sorted(p.name.split(".")[0] for p in ws.archive.iterdir()) == sorted(sent.values())
    assert not any(ws.inbox.iterdir())
