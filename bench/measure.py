"""Running one command as its own process: wall time, peak memory of its process tree, and for
`dvk run` the time of each Dagster step (read from the run's own event log)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
SAMPLE_SECONDS = 0.1


@dataclass
class Measured:
    seconds: float
    peak_rss: int
    """bytes: the largest sum, over the samples, of the resident sets of the process and its
    children (dbt runs as a child of `dvk run`)"""
    output: str
    steps: dict[str, float] = field(default_factory=dict)
    """Dagster step → seconds, for `dvk run`"""
    intake: dict[str, float] = field(default_factory=dict)
    """intake phase → seconds, from the intake's metadata"""
    samples: list[tuple[float, int]] = field(default_factory=list)
    """(wall-clock time, resident bytes of the process tree), every `SAMPLE_SECONDS`"""
    step_spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Dagster step → (start, end) wall-clock time, for `dvk run`"""
    files: int = 0
    rows: int = 0
    """files taken in and rows loaded by the intake, for `dvk run`"""

    def peak_by_step(self) -> dict[str, int]:
        """Each step's peak resident memory: the largest sample taken while it ran."""
        peaks = {}
        for step, (start, end) in self.step_spans.items():
            inside = [rss for at, rss in self.samples if start <= at <= end]
            if inside:
                peaks[step] = max(inside)
        return peaks

    @property
    def peak_step(self) -> str | None:
        """The step that was running when the whole run's peak was reached."""
        if not self.samples:
            return None
        at = max(self.samples, key=lambda sample: sample[1])[0]
        return next((s for s, (a, b) in self.step_spans.items() if a <= at <= b), None)


class CommandFailed(Exception):
    pass


def measure(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run `command`, sampling the resident set of its process tree until it ends."""
    started = time.perf_counter()
    process = psutil.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    samples: list[tuple[float, int]] = []
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process, samples, done), daemon=True)
    sampler.start()
    output = process.stdout.read()
    status = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if status != 0:
        raise CommandFailed(f"{' '.join(command)} exited {status}:\n{output[-3000:]}")
    peak = max((rss for _, rss in samples), default=0)
    return Measured(seconds, peak, output, samples=samples)


def _sample(
    process: psutil.Process, samples: list[tuple[float, int]], done: threading.Event
) -> None:
    while not done.is_set():
        try:
            tree = [process, *process.children(recursive=True)]
            total = 0
            for member in tree:
                try:
                    total += member.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            samples.append((time.time(), total))
        except psutil.NoSuchProcess:
            return
        done.wait(SAMPLE_SECONDS)


INSTANCE_CONFIG = Path(__file__).resolve().parent.parent / "dagster.yaml"


def dvk_run(home: Path, dagster_home: Path) -> Measured:
    """`dvk run` on the workspace `home`, its run recorded in the instance at `dagster_home`,
    configured by the project's `dagster.yaml` as the data team's instance is."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(INSTANCE_CONFIG, dagster_home / "dagster.yaml")
    measured = measure(
        [str(BIN / "dvk"), "--home", str(home), "run"], env={"DAGSTER_HOME": str(dagster_home)}
    )
    _read_run(dagster_home, measured)
    return measured


def dbt_build(home: Path, target: Path) -> Measured:
    """A bare `dbt build --full-refresh` of the project against the workspace's warehouse (every
    model rebuilt whole, the naive way), with the project's partial-parse file, as the
    pipeline's dbt step has it (dagster-dbt copies it too)."""
    from orchestration.dbt_project import DBT_PROJECT_DIR

    project = str(DBT_PROJECT_DIR)
    target.mkdir(parents=True, exist_ok=True)
    partial_parse = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
    if partial_parse.exists():
        shutil.copy(partial_parse, target / partial_parse.name)
    return measure(
        [
            str(BIN / "dbt"),
            "build",
            "--full-refresh",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(target),
            "--log-path",
            str(target),
        ],
        env={"DVK_HOME": str(home)},
    )


def _read_run(dagster_home: Path, measured: Measured) -> None:
    """Steps, their times and the intake's figures, from the run's own event log."""
    import dagster as dg

    # The instance's event log (the project's dagster.yaml) is found through DAGSTER_HOME.
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    try:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            run = instance.get_runs(limit=1)[0]
            for stat in instance.get_run_step_stats(run.run_id):
                start, end = stat.start_time or 0, stat.end_time or 0
                measured.steps[stat.step_key] = end - start
                measured.step_spans[stat.step_key] = (start, end)
            key = dg.AssetKey(["raw", "submissions"])
            event = instance.get_latest_materialization_event(key)
            metadata = event.asset_materialization.metadata if event else {}
    finally:
        if before is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = before
    measured.intake = {
        key.removeprefix("seconds/"): float(value.value)
        for key, value in metadata.items()
        if key.startswith("seconds/")
    }
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    measured.files = int(values.get("accepted", 0)) + int(values.get("rejected", 0))
    measured.rows = int(values.get("rows_loaded", 0))
