"""`python -m bench`: the pipeline at national scale, each figure a ratio to a floor of the run.

1. backfill: every file of the history through `dvk run`, against reading them all with the
   fastest reader and one bulk insert into DuckDB (bench/floor.py);
2. one new file, inbox → published marts, against a bare `dbt build --full-refresh` of the same
   project on the same warehouse (rebuilding everything, the naive way);
3. that one-file run with the whole history loaded, against the same run on an empty history;
4. the backfill's peak memory (its process tree), against the floor's; the step that reached it
   is named, and each step's own peak printed;
5. the backfill's intake alone (read, validate, load, archive, receipts), against the same floor:
   at medium size the whole backfill is dominated by dbt's fixed cost, the intake is not;
6. `dvk validate` of that one file (an office's dry run), against a bare interpreter reading the
   same file with python-calamine; its goal is absolute: under 1.5 s;
7. `dvk validate` of that file with one blank cell at row 1,048,576 (a sheet formatted whole),
   against the file as it was: a bad shape must stay cheap (bench/bad_shapes.py).

Every command runs as its own process, as the data team runs it. Nothing here asserts a time:
the tests only check that the benchmarks run and print their ratios.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.bad_shapes import LAST_ROW, far_blank_cell
from bench.history import LAST_YEAR, SIZES, Size, generate, national_units, submission
from bench.measure import BIN, Measured, dbt_build, dvk_run, measure
from ingestion.writing.writers import write_xlsx
from warehouse.workspace import Workspace

CACHE = Path(__file__).resolve().parent / ".cache"
MEMORY_GOAL = 2 * 1024**3
VALIDATE_GOAL_S = 1.5
# One new file against a bare full rebuild: at national size it must cost half of it; at medium
# size, where the fixed costs weigh more, no more than it.
ONE_FILE_GOAL = {"full": 0.5, "medium": 1.0}
VALIDATE_RUNS = 5
RATE_MIN_FILES = 100
"""Intake rates are printed for runs of at least this many files."""


@dataclass
class Figure:
    name: str
    value: float
    floor: float
    unit: str
    goal: float | None

    @property
    def ratio(self) -> float:
        return self.value / self.floor

    def line(self) -> str:
        verdict = "" if self.goal is None else (" met" if self.ratio <= self.goal else " MISSED")
        goal = f"  goal ≤ {self.goal}×{verdict}" if self.goal else ""
        return (
            f"{self.name:<34} {self.value:>10.1f} {self.unit:<4} floor {self.floor:>9.1f} "
            f"{self.unit:<4} ratio {self.ratio:>6.2f}×{goal}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--work", type=Path, help="scratch folder (default: bench/.cache/SIZE)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    work = args.work or CACHE / args.size
    history = work / "history"
    print(f"bench: size {args.size} = {size}: {size.files} files, {_machine()}", flush=True)
    files = generate(size, history)
    print(f"bench: {len(files)} files in {history / 'files'}", flush=True)

    floor = _floor(history, work)
    print(
        f"floor: {floor['files']} files, {floor['rows']} rows read in {floor['read_s']:.1f} s, "
        f"inserted in {floor['total_s']:.1f} s, peak {_gib(floor['peak_rss']):.2f} GiB",
        flush=True,
    )
    full = _workspace(work / "full", history)
    _copy_files(files, full.inbox)
    backfill = _run("backfill", full, work / "dagster-full")
    new_file = _new_file(size, work / "new")
    shutil.copy(new_file, full.inbox)
    one_full = _run("one new file, full history", full, work / "dagster-full")
    bare = dbt_build(full.home, work / "dbt-target")
    print(f"bare dbt build: {bare.seconds:.1f} s", flush=True)
    empty = _workspace(work / "empty", history)
    _run("warm-up, empty history", empty, work / "dagster-empty")
    shutil.copy(new_file, empty.inbox)
    one_empty = _run("one new file, empty history", empty, work / "dagster-empty")

    _side_by_side(one_full, one_empty)
    checked, read = _validate(full, new_file)
    print(f"dvk validate one file: median {checked:.2f} s; bare read {read:.2f} s", flush=True)
    far = far_blank_cell(new_file, work / "new" / f"far-cell-{new_file.name}")
    checked_far = _validate_only(full, far)
    print(f"dvk validate, a blank cell at row {LAST_ROW:,}: median {checked_far:.2f} s", flush=True)

    figures = [
        Figure("1. backfill vs read + bulk insert", backfill.seconds, floor["total_s"], "s", 3.0),
        Figure(
            "2. one new file vs bare dbt build",
            one_full.seconds,
            bare.seconds,
            "s",
            ONE_FILE_GOAL.get(args.size, 1.0),
        ),
        Figure("3. one file: full vs empty history", one_full.seconds, one_empty.seconds, "s", 1.2),
        Figure(
            "4. backfill peak memory vs floor's",
            _gib(backfill.peak_rss),
            _gib(floor["peak_rss"]),
            "GiB",
            None,
        ),
        Figure(
            "5. intake vs read + bulk insert",
            backfill.steps.get("intake", 0.0),
            floor["total_s"],
            "s",
            2.0,
        ),
        Figure("6. dvk validate one file vs bare read", checked, read, "s", None),
        Figure("7. dvk validate: cell at last row vs none", checked_far, checked, "s", None),
    ]
    print("\nratios (each against a floor measured in this run):")
    for figure in figures:
        print("  " + figure.line())
    verdict = "met" if backfill.peak_rss <= MEMORY_GOAL else "MISSED"
    print(
        f"  backfill peak memory {_gib(backfill.peak_rss):.2f} GiB, reached in step "
        f"{backfill.peak_step or '?'}: goal ≤ 2 GiB {verdict}"
    )
    verdict = "met" if checked <= VALIDATE_GOAL_S else "MISSED"
    print(f"  dvk validate one file {checked:.2f} s: goal ≤ {VALIDATE_GOAL_S} s {verdict}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "size": args.size,
                    "files": len(files),
                    "machine": _machine(),
                    "figures": [{**vars(f), "ratio": f.ratio} for f in figures],
                    "steps": {
                        "backfill": backfill.steps,
                        "one_full": one_full.steps,
                        "one_empty": one_empty.steps,
                    },
                    "peaks": {
                        "backfill": backfill.peak_by_step(),
                        "backfill_step": backfill.peak_step,
                    },
                    "intake": {
                        "files": backfill.files,
                        "rows": backfill.rows,
                        "phases": backfill.intake,
                    },
                },
                indent=1,
            )
        )
    return 0


def _floor(history: Path, work: Path) -> dict:
    database = work / "floor.duckdb"
    database.unlink(missing_ok=True)
    measured = measure(
        [str(BIN / "python"), "-m", "bench.floor", str(history / "files"), str(database)]
    )
    database.unlink(missing_ok=True)
    return {**json.loads(measured.output.strip().splitlines()[-1]), "peak_rss": measured.peak_rss}


def _workspace(home: Path, history: Path) -> Workspace:
    """A fresh workspace holding the history's registries and an empty inbox."""
    shutil.rmtree(home, ignore_errors=True)
    ws = Workspace(home).ensure()
    for registry in (history / "units").glob("*.csv"):
        shutil.copy(registry, ws.units_dir / registry.name)
    return ws


def _copy_files(files: list[Path], inbox: Path) -> None:
    for path in files:
        shutil.copy(path, inbox / path.name)


def _run(label: str, ws: Workspace, dagster_home: Path) -> Measured:
    waiting = sum(1 for _ in ws.inbox.iterdir())
    measured = dvk_run(ws.home, dagster_home)
    print(
        f"\n{label}: {waiting} file(s), {measured.seconds:.1f} s, "
        f"peak {_gib(measured.peak_rss):.2f} GiB",
        flush=True,
    )
    for line in measured.output.splitlines():
        if line.strip().startswith(("accepted", "rejected")):
            print(f"  {line.strip()}")
    peaks = measured.peak_by_step()
    for step, seconds in sorted(measured.steps.items(), key=lambda item: -item[1]):
        if seconds >= 0.5 or step == measured.peak_step:
            peak = f"peak {_gib(peaks[step]):.2f} GiB" if step in peaks else ""
            print(f"  step {step:<40} {seconds:>8.1f} s  {peak}")
    files, rows = measured.files, measured.rows
    seconds = measured.steps.get("intake")
    with_rates = seconds and files >= RATE_MIN_FILES
    if with_rates:
        print(f"  intake rate: {files / seconds:,.0f} files/s, {rows / seconds:,.0f} rows/s")
    for phase, seconds in sorted(measured.intake.items(), key=lambda item: -item[1]):
        rate = ""
        if with_rates and seconds >= 0.05:
            rate = f"{files / seconds:>9,.0f} files/s {rows / seconds:>10,.0f} rows/s"
        print(f"    intake {phase:<36} {seconds:>8.1f} s  {rate}")
    return measured


def _side_by_side(full: Measured, empty: Measured) -> None:
    """The one-file run's steps with and without the history, and what lies outside the steps
    (the run's process, its imports, Dagster's run start): where a history costs, and the fixed
    costs that remain when it does not."""
    print("\none new file, per step: full history | empty history")
    rows = [(f"step {s}", full.steps.get(s, 0.0), empty.steps.get(s, 0.0)) for s in full.steps]
    rows += [
        (f"  intake {p}", full.intake.get(p, 0.0), empty.intake.get(p, 0.0)) for p in full.intake
    ]
    outside = (full.seconds - sum(full.steps.values()), empty.seconds - sum(empty.steps.values()))
    rows += [("outside the steps", *outside), ("whole run", full.seconds, empty.seconds)]
    for name, with_history, without in rows:
        print(f"  {name:<42} {with_history:>8.1f} s {without:>8.1f} s")


def _validate(ws: Workspace, path: Path) -> tuple[float, float]:
    """Medians of `VALIDATE_RUNS` runs: `dvk validate FILE`, and a bare interpreter reading it."""
    validate = [str(BIN / "dvk"), "--home", str(ws.home), "validate", str(path)]
    read = [
        str(BIN / "python"),
        "-c",
        "import sys; from python_calamine import CalamineWorkbook as W; "
        "w = W.from_path(sys.argv[1]); [w.get_sheet_by_name(n).to_python() for n in w.sheet_names]",
        str(path),
    ]
    return tuple(
        statistics.median(measure(command).seconds for _ in range(VALIDATE_RUNS))
        for command in (validate, read)
    )


def _validate_only(ws: Workspace, path: Path) -> float:
    command = [str(BIN / "dvk"), "--home", str(ws.home), "validate", str(path)]
    return statistics.median(measure(command).seconds for _ in range(VALIDATE_RUNS))


def _new_file(size: Size, folder: Path) -> Path:
    """A report the history lacks: the first unit's first half of the next year."""
    folder.mkdir(parents=True, exist_ok=True)
    unit = next(iter(national_units(Size(1, 1, 1, size.rows)).values()))[0]
    info, tables = submission(random.Random(1), unit, LAST_YEAR + 1, "H1", size.rows)
    return write_xlsx(folder / f"{unit.code}_{info['period']}.xlsx", info, tables)


def _machine() -> str:
    memory = psutil.virtual_memory().total / 1024**3
    return (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{memory:.0f} GiB, Python {platform.python_version()}"
    )


def _gib(size: float) -> float:
    return size / 1024**3


if __name__ == "__main__":
    sys.exit(main())
