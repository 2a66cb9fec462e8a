"""Killed anywhere, a run loses nothing (`kill_harness`): in the intake while files are read
and checked, archived, quarantined, reloaded, loaded, at each batch commit and as the inbox
empties; in dbt, the checks, the publish (inside its swap too) and the reports, where
`published/` must always show one whole version. A disk that fills up during the load or the
publish fails the run with a message that says so, loses no file, and leaves `published/`
byte for byte as it was."""

import hashlib
import os
import shutil

import pytest

from tests.orchestration.kill_harness import (
    _fork_run,
    _sent,
    _stored_or_waiting,
    harness,
    kill_chain,
)
from warehouse import fault_points
from warehouse.workspace import Workspace

pytestmark = pytest.mark.slow

IN_THE_INTAKE = [
    "intake.listed#1",
    "intake.quarantined#1",
    "intake.checked#2",
    "intake.archived#2",
    "intake.reloaded#1",  # what the kill before archived, loaded from archive/
    "intake.checked#5",
    "intake.archived#5",
    "intake.loading#1",
    "intake.batch_committed#1",
    "intake.inbox_emptied#1",
    "intake.inbox_emptied#4",
    "intake.checked#8",
    "intake.batch_committed#2",
    "intake.checked#3",
    "intake.archived#3",
    "intake.loading#2",
    "intake.batch_committed#1",
    "intake.inbox_emptied#2",
    "intake.checked#4",
    "intake.archived#4",
    "intake.loading#3",
    "intake.checked#6",
    "intake.inbox_emptied#3",
    "intake.recorded#1",  # the last: it takes in every file left
]

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


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    return harness(tmp_path_factory.mktemp("kill"))


def test_a_run_killed_anywhere_in_the_intake_loses_no_file(prepared, tmp_path):
    killed = kill_chain(prepared, IN_THE_INTAKE, tmp_path)
    missed = [here for here in IN_THE_INTAKE if here not in killed]
    assert len(killed) >= 22, f"killed at {killed}; not reached: {missed}"


def test_a_run_killed_anywhere_after_the_intake_loses_nothing(prepared, tmp_path):
    assert kill_chain(prepared, AFTER_THE_INTAKE, tmp_path) == AFTER_THE_INTAKE


def _tree(folder) -> dict[str, str]:
    """Every entry under `folder`: a link's target, a file's bytes' hash, and each one's mode."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = os.path.join(root, name)
            mode = oct(os.lstat(path).st_mode)
            if os.path.islink(path):
                found[path] = f"{mode} -> {os.readlink(path)}"
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[path] = f"{mode} {hashlib.sha256(handle.read()).hexdigest()}"
            else:
                found[path] = mode
    return found


@pytest.mark.parametrize("where", ["intake.loading#1", "publish.copying#3"])
def test_a_full_disk_fails_the_run_clearly_and_changes_nothing_published(prepared, tmp_path, where):
    ws = Workspace.from_env(tmp_path / "home")
    shutil.copytree(prepared.base.home, ws.home, symlinks=True)
    sent, published = _sent(ws), _tree(ws.published)
    output = tmp_path / "output.txt"
    assert _fork_run(ws.home, {fault_points.FULL_DISK_ENV: where}, output) == 1
    printed = output.read_text("utf-8")
    assert "No space left on device" in printed and "is full. Free space there" in printed
    assert _tree(ws.published) == published
    assert _stored_or_waiting(ws, sent) == []

    assert _fork_run(ws.home, {}) == 0  # space again: the next run finishes the work
    assert not any(ws.inbox.iterdir())
