"""A run stopped by Ctrl-C or SIGTERM, and a run on a disk that really fills up: each says in
a line what happened and what to do, loses nothing, and the next run finishes the work (issue
#33). Beside `test_kill_after_the_intake.py`, on the same prepared workspace, in a module of its
own so that the two run on both workers."""

import re
import shutil
import signal
import subprocess

import pytest

from tests.orchestration.kill_harness import _fork_run, _sent, _stored_or_waiting, tree
from warehouse import fault_points
from warehouse.workspace import Workspace

pytestmark = pytest.mark.slow


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
    sent, published = _sent(ws), tree(ws.published)
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
    assert tree(ws.published) == published
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
    sent, published = _sent(ws), tree(ws.published)
    filler, output = small_disk / "filler", small_disk.parent / "output.txt"
    assert _fork_run(ws.home, {fault_points.FILL_DISK_ENV: f"{where}:{filler}"}, output) == 1
    printed = output.read_text("utf-8")
    assert f"The disk holding {ws.home} is full. Free space there" in printed
    assert "Traceback" not in printed and "dagster - ERROR" not in printed, printed
    assert _stored_or_waiting(ws, sent) == []
    if "published whole before the failure" not in printed:
        assert tree(ws.published) == published

    filler.unlink()
    assert _fork_run(ws.home, {}) == 0  # space again: the next run finishes the work
    assert not any(ws.inbox.iterdir())
