"""The kill harness: `dvk run` killed with SIGKILL at points spread over every step, found by
the steps' own fault points (`warehouse.fault_points`), then run again (`test_kill_*.py`).

A chain of trials kills runs at named points, in the order a run reaches them, one after the
other on one workspace, so each killed run also recovers from the kill before it (each point is
checked against the trace of an uninterrupted run: the code reaches it). After every kill:
every file is stored with its receipt or still in the inbox, `published/` shows one whole
version (the one before or the one after), and no process of the killed run is left; then a
recovery run on a copy of the killed workspace publishes the uninterrupted run's marts, with
each file in the warehouse once and the inbox empty (in a child process, while the chain goes on
with its next kill). The chain goes on from the killed workspace, and ends with the same
recovery run on it.

The intake writes archive copies and receipts on one thread in the trials (`WRITERS`): a file's
receipt then always precedes the next file's archive copy, so the points a chain reaches do not
depend on how the threads happen to interleave.

Each run is `dvk run`'s own entry point in a child forked from the warmed-up test process (the
interpreter start and dbt's parse are paid once, not per trial).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_marts, registration
from tests.processes import forked_main
from warehouse import fault_points
from warehouse.workspace import Workspace

FIRST = ["BTH-TUYPHONG", "BTH-LAGI"]
THEN = [
    "BTH-PHANTHIET", "BTH-BACBINH", "BTH-HAMTHUANBAC", "BTH-HAMTHUANNAM", "BTH-TANHLINH",
    "BTH-DUCLINH", "BTH-HAMTAN", "BTH-PHUQUI", "BTH-LAGI", "BTH-TUYPHONG",
]  # fmt: skip
PERIODS = [f"{year}{half}" for year in (2020, 2021, 2022) for half in ("", "-H1", "-H2")]
PERIODS += ["2023", "2023-H1"]
"""Ten units by eleven periods: enough files for the intake's worker processes to start, and
for each kill in the intake to leave files the next run takes in fresh."""
BATCH_ROWS = 24
"""The intake commits a batch every this many rows (50,000 in production): several batch
commits from small files."""
KILLED = -signal.SIGKILL
AFTER_A_KILL = {"intake.reloaded"}
"""Points an uninterrupted run never reaches: loading what an interrupted run archived."""


def _write(ws: Workspace, units: list[str], periods: list[str], version: int = 1) -> None:
    for number, unit in enumerate(units):
        for period in periods:
            rows = [registration(model_code=f"{unit}-{i}") for i in range(number % 3 + version)]
            write_json(
                ws.inbox / f"{unit}-{period}-v{version}.json",
                info(unit_code=unit, period=period, version=version),
                {"registrations": rows},
            )
    # A rejected file, first in name order: the intake quarantines it early.
    bad = info(unit_code="NOPE", version=version)
    write_json(ws.inbox / f"000-bad-v{version}.json", bad, {"registrations": []})


def _sent(ws: Workspace) -> dict[str, str]:
    """File name → content hash of what waits in the inbox."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.inbox.iterdir()}


def _fork_run(
    home: Path, env: dict[str, str], output: Path | None = None, gx_worker: bool = False
) -> int:
    """`dvk --home <home> run` in a child process; its exit code, or -9 when killed. What it
    prints goes to `output`, else nowhere. `gx_worker`: Great Expectations validates in its own
    worker process, as in a fresh `dvk run` (the test process has it imported already)."""

    def trial() -> None:
        import ingestion.intake.loading
        import ingestion.intake.process

        ingestion.intake.loading.BATCH_ROWS = BATCH_ROWS
        ingestion.intake.process.WRITERS = 1
        if gx_worker:
            from quality import gx_validation

            gx_validation._imported_here = lambda: False

    sink = os.open(output or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        return forked_main(["--home", str(home), "run"], env, sink, sink, before=trial)
    finally:
        os.close(sink)


def _left_behind(token: str, grace: float = 5.0) -> list[int]:
    """Processes whose environment carries the trial's token: what a killed run left running.
    The kernel kills its children when it dies (`die_with_parent`), a moment after: one busy
    then (the Great Expectations worker validating) gets `grace` seconds to be gone."""
    deadline = time.monotonic() + grace
    while (found := _carrying(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _carrying(token: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if token.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _stored_or_waiting(ws: Workspace, sent: dict[str, str]) -> list[str]:
    """The sent files neither stored (with a receipt) nor still in the inbox: lost ones."""
    stored = {p.name.split(".")[0] for p in [*ws.archive.iterdir(), *ws.quarantine.iterdir()]}
    receipts = {p.name.split(".")[0] for p in ws.receipts.glob("*.receipt.json")}
    waiting = {p.name for p in ws.inbox.iterdir()}
    return [
        name
        for name, digest in sent.items()
        if name not in waiting and not (digest in stored and digest in receipts)
    ]


def _published_whole(ws: Workspace) -> dict | None:
    """The published marts, after checking that both formats show one version."""
    current = ws.current.resolve()
    assert ws.marts.resolve() == current / "marts.duckdb"
    assert ws.parquet.resolve() == current / "parquet"
    assert (current / "version.json").exists()
    return published_marts(ws)


@dataclass(frozen=True)
class Harness:
    base: Workspace
    """A published version, and new files waiting."""
    sent: dict[str, str]
    before: dict
    """What `base` publishes now."""
    after: dict
    """What an uninterrupted run from `base` publishes."""
    trace: list[str]
    """The fault points that run reached, in order."""


def harness(folder: Path) -> Harness:
    base = demo_workspace(folder / "base")
    _write(base, FIRST, ["2023"])
    assert run_pipeline(base).success
    _write(base, THEN, PERIODS, version=2)  # new units, and second versions of the first ones
    sent, before = _sent(base), published_marts(base)
    uninterrupted = Workspace.from_env(folder / "uninterrupted")
    shutil.copytree(base.home, uninterrupted.home, symlinks=True)
    trace = folder / "trace.txt"
    assert _fork_run(uninterrupted.home, {fault_points.TRACE_ENV: str(trace)}) == 0
    return Harness(base, sent, before, published_marts(uninterrupted), trace.read_text().split())


def kill_most(h: Harness, points: list[str], folder: Path, floor: int) -> None:
    """`kill_chain` over `points`, killing at least `floor` of them."""
    killed = kill_chain(h, points, folder)
    missed = [here for here in points if here not in killed]
    assert len(killed) >= floor, f"killed at {killed}; not reached: {missed}"


def kill_chain(h: Harness, points: list[str], folder: Path) -> list[str]:
    """Kill a run at each of `points` in turn, check each kill, then recover; the points where
    a run was killed (a run that does not reach its point, because an earlier one did the
    work, completes)."""
    names = {here.split("#")[0] for here in h.trace} | AFTER_A_KILL
    unknown = [here for here in points if here.split("#")[0] not in names]
    assert unknown == [], f"no such fault points: {unknown}; reached: {sorted(names)}"
    ws = Workspace.from_env(folder / "trials")
    shutil.copytree(h.base.home, ws.home, symlinks=True)
    killed = []
    recovering = None
    for number, here in enumerate(points):
        token = f"dvk-trial-{os.getpid()}-{number}"
        # The killed run as `dvk run` is: its children (check workers, the Great Expectations
        # worker) must die with it.
        env = {fault_points.KILL_ENV: here, "DVK_TRIAL": token}
        code = _fork_run(ws.home, env, gx_worker=True)
        if code != KILLED:
            assert code == 0, f"{here}: the run failed ({code})"
            continue  # this run did not reach the point: an earlier one did its work
        killed.append(here)
        assert _left_behind(token) == [], f"{here}: the killed run's children live on"
        assert _stored_or_waiting(ws, h.sent) == [], f"{here}: files lost"
        assert _published_whole(ws) in (h.before, h.after), f"{here}: published/ is a mix"
        trial = Workspace.from_env(folder / f"recovered-{number}")
        shutil.copytree(ws.home, trial.home, symlinks=True)
        _finish(recovering)
        recovering = _recover_meanwhile(h, trial, f"after the kill at {here}")

    _finish(recovering)
    _recovers(h, ws, "at the end of the chain")
    return killed


def _recover_meanwhile(h: Harness, ws: Workspace, when: str) -> tuple[int, Path]:
    """`_recovers` in a child process, while the chain goes on with its next kill: the two
    use both cores. The child's pid, and the file its failure is written to."""
    failure = ws.home.parent / f"{ws.home.name}-failure.txt"
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            _recovers(h, ws, when)
            shutil.rmtree(ws.home)
            code = 0
        except BaseException:  # any failure is the test's
            failure.write_text(traceback.format_exc(), encoding="utf-8")
        finally:
            os._exit(code)
    return pid, failure


def _finish(recovering: tuple[int, Path] | None) -> None:
    """Wait for the recovery started last; fail with its own message if it failed."""
    if recovering is None:
        return
    pid, failure = recovering
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        message = failure.read_text(encoding="utf-8") if failure.exists() else f"status {status}"
        raise AssertionError(f"the recovery run failed:\n{message}")


def _recovers(h: Harness, ws: Workspace, when: str) -> None:
    """One more run on `ws` publishes what the uninterrupted run published, every file loaded
    once, the inbox empty."""
    output = ws.home.parent / f"{ws.home.name}-output.txt"
    code = _fork_run(ws.home, {}, output)
    assert code == 0, f"{when}: the recovery run failed ({code}):\n{output.read_text()[-3000:]}"
    recovered = _published_whole(ws)
    differing = sorted(t for t in h.after if recovered.get(t) != h.after[t])
    assert recovered == h.after, f"{when}: after the recovery run these marts differ: {differing}"
    assert not any(ws.inbox.iterdir()), f"{when}: files left in the inbox"
    loaded = Counter(_submission_ids(ws))
    assert max(loaded.values()) == 1, f"{when}: a file loaded twice"
    assert set(loaded) == set(h.sent.values()) | set(_submission_ids(h.base)), when


def _submission_ids(ws: Workspace) -> list[str]:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return [i for (i,) in con.execute("select submission_id from raw.submissions").fetchall()]


def tree(folder) -> dict[str, str]:
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
