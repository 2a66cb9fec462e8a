"""Killed after its intake, a run loses nothing (`kill_harness`): in dbt, the checks, the
publish (inside its swap too) and the reports, where `published/` must always show one whole
version. A disk that fills up during the load or the publish fails the run with a message that
says so, loses no file, and leaves `published/` byte for byte as it was. (The intake's own
kills: `test_kill_early_in_the_intake.py` and `test_kill_late_in_the_intake.py`, modules of
their own so that the chains run on both workers.)"""

import shutil

import pytest

from tests.orchestration.kill_harness import (
    _fork_run,
    _sent,
    _stored_or_waiting,
    kill_most,
    tree,
)
from warehouse import fault_points
from warehouse.workspace import Workspace

pytestmark = pytest.mark.slow

AFTER_THE_INTAKE = [
    "dbt.started#1",
    "dbt.node_done#80",
    "checks.gx_started#1",
    "publish.staged#1",
    "publish.version_stored#1",
    "publish.swapping#1",  # the new version stored, not yet current
    "publish.swapped#1",
    "reports.audit_written#1",
]


def test_a_run_killed_anywhere_after_the_intake_loses_nothing(prepared, tmp_path):
    kill_most(prepared, AFTER_THE_INTAKE, tmp_path, floor=len(AFTER_THE_INTAKE))


@pytest.mark.parametrize("where", ["intake.loading#1", "publish.copying#3"])
def test_a_full_disk_fails_the_run_clearly_and_changes_nothing_published(prepared, tmp_path, where):
    ws = Workspace.from_env(tmp_path / "home")
    shutil.copytree(prepared.base.home, ws.home, symlinks=True)
    sent, published = _sent(ws), tree(ws.published)
    output = tmp_path / "output.txt"
    assert _fork_run(ws.home, {fault_points.FULL_DISK_ENV: where}, output) == 1
    printed = output.read_text("utf-8")
    assert "No space left on device" in printed and "is full. Free space there" in printed
    assert tree(ws.published) == published
    assert _stored_or_waiting(ws, sent) == []

    assert _fork_run(ws.home, {}) == 0  # space again: the next run finishes the work
    assert not any(ws.inbox.iterdir())
