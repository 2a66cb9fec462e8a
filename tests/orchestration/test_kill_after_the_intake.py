"""Killed after its intake, a run loses nothing (`kill_harness`): in dbt, the checks, the
publish (inside its swap too) and the reports, where `published/` must always show one whole
version. A disk that fills up during the load or the publish fails the run with a message that
says so, loses no file, and leaves `published/` byte for byte as it was. (The intake's own
kills: `test_kill_early_in_the_intake.py` and `test_kill_late_in_the_intake.py`, modules of
their own so that the chains run on both workers.)"""

import hashlib
import os
import re
import shutil
import signal
import subprocess

import pytest

from tests.orchestration.kill_harness import (
    _fork_run,
    _sent,
    _stored_or_waiting,
    kill_most,
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


@pytest.mark.parametrize(
    "where, name",
    [
        ("dbt.node_done#40", "TERM"),
        ("intake.batch_committed#2", "INT"),
        ("checks.gx_started#1", "INT"),
    ],
)
def test_a_stopped_run_says_in_one_line_what_it_kept(prepared, tmp_path, where, name):
    """SIGTERM (a service manager) or Ctrl-C (SIGINT to the terminal's process group, the check
    workers too) ends the run with one line, never the unwinding of every layer below."""
    ws = Workspace.from_env(tmp_path / "home")
    shutil.copytree(prepared.base.home, ws.home, symlinks=True)
    sent, published = _sent(ws), _tree(ws.published)
    output = tmp_path / "output.txt"
    code = _fork_run(ws.home, {fault_points.SIGNAL_ENV: f"{where}:{name}"}, output)
    assert code == 128 + signal.Signals[f"SIG{name}"]
    printed = output.read_text("utf-8").splitlines()
    stopped = [line for line in printed if line.startswith("dvk run: stopped")]
    assert len(stopped) == 1, printed
    assert re.fullmatch(
        rf"dvk run: stopped by SIG{name} in \w+\. Kept: \d+ file\(s\) taken in .*, \d+ still in "
        r"inbox/; published marts version \S+, unchanged\. `dvk run` again finishes the work\.",
        stopped[0],
    ), stopped[0]
    noise = [line for line in printed if re.search(r"Traceback|Error|ERROR|dagster - ", line)]
    assert noise == []
    assert _tree(ws.published) == published
    assert _stored_or_waiting(ws, sent) == []

    assert _fork_run(ws.home, {}) == 0  # the next run finishes the work
    assert not any(ws.inbox.iterdir())


@pytest.fixture
def small_disk(tmp_path):
    """A file system of its own, which a run can really fill (a tmpfs; mounting needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize(
    "where",
    [
        "dbt.node_done#60",  # the warehouse's WAL, dbt's logs, `dvk run`'s own output log
        "publish.staged#1",  # Great Expectations' Data Docs, the new version's copy
        "checks.gx_started#1",  # after the publish: the CSV export, the audit report
    ],
)
def test_a_disk_that_really_fills_up_gives_the_documented_message(prepared, small_disk, where):
    ws = Workspace.from_env(small_disk / "home")
    shutil.copytree(prepared.base.home, ws.home, symlinks=True)
    sent, published = _sent(ws), _tree(ws.published)
    filler, output = small_disk / "filler", small_disk.parent / "output.txt"
    assert _fork_run(ws.home, {fault_points.FILL_DISK_ENV: f"{where}:{filler}"}, output) == 1
    printed = output.read_text("utf-8")
    assert f"The disk holding {ws.home} is full. Free space there" in printed
    assert "Traceback" not in printed and "dagster - ERROR" not in printed, printed
    assert _stored_or_waiting(ws, sent) == []
    if "published whole before the failure" not in printed:
        assert _tree(ws.published) == published

    filler.unlink()
    assert _fork_run(ws.home, {}) == 0  # space again: the next run finishes the work
    assert not any(ws.inbox.iterdir())
