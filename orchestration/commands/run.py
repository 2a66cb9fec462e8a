"""`dvk run` and `dvk demo`: the pipeline job on the inbox, with what a person needs to see."""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

from orchestration.commands.common import FULL_DISK, full_disk
from warehouse.workspace import Workspace


def run(ws: Workspace, full_refresh: bool = False, verbose: bool = False) -> int:
    from orchestration import interruption
    from warehouse.publish import current_version

    # A log the disk refuses (dbt's, in its target folder) would print a traceback per record;
    # the run's failure says what happened, once.
    logging.raiseExceptions = False
    with interruption.watched() as stop:
        outcome, display, published, in_inbox = _run_watched(ws, full_refresh, verbose)
    if stop.signal:
        print(_stopped(ws, stop.name, outcome, published, in_inbox), file=sys.stderr)
        return 128 + stop.signal
    assert outcome is not None and display is not None
    if display.summary:
        left = sum("dvk/left_as_built" in m for m in outcome.metadata.values())
        settled = f"; {left} models left as built, nothing they read changed" if left else ""
        done = display.summary.removeprefix("Done. ")
        print(f"  dbt build: {done}{settled} (output: {ws.dbt_log})")
    if outcome.recovered_from:
        print(
            "  the warehouse was damaged; it was set aside and rebuilt from archive/ and "
            "reference/ (the audit report says what was found)"
        )
    intake = outcome.metadata.get("raw/submissions", {})
    if intake:
        print(
            f"  accepted {intake['accepted']}, rejected {intake['rejected']}, "
            f"already processed {intake['duplicates']}, "
            f"recovered from archive/ {intake['reloaded_from_archive']}"
        )
        if intake["rejected"]:
            print(f"  rejected: {intake['rejected_files']} (receipts in {ws.receipts})")
    if not outcome.success:
        print(f"dvk run FAILED (run {outcome.run_id}):\n{outcome.failure}", file=sys.stderr)
        lost = display.log.lost
        if lost is not None:
            print(f"  dbt's output log stopped at: {lost}", file=sys.stderr)
        if full_disk(outcome.failure) or full_disk(str(lost or "")):
            print(FULL_DISK.format(home=ws.home, command="dvk run"), file=sys.stderr)
        for check in outcome.failed_checks:
            print(f"  blocking check failed: {check}", file=sys.stderr)
        now = current_version(ws)
        if now != published:
            print(
                f"This run's marts were published whole before the failure (version {now}): "
                f"{ws.marts}; run `dvk run` again for the steps after it.",
                file=sys.stderr,
            )
        else:
            print(f"The published marts were left as they were: {ws.marts}", file=sys.stderr)
        return 1
    published = outcome.metadata.get("published/marts", {})
    if "kept_rollback_from" in published:
        print(
            f"Version {published['version']} stays published: it was rolled back to from "
            f"{published['kept_rollback_from']} and no file arrived since. New files end the "
            f"rollback; so does `dvk publish --rollback {published['kept_rollback_from']}`."
        )
        return 0
    for key, value in published.items():
        if key.startswith("rows/"):
            print(f"  {key.removeprefix('rows/')}: {value} rows")
    for line in plausibility_warnings(ws):
        print(line)
    print(f"Published version {published.get('version')}: {ws.marts}\n           {ws.parquet}/")
    return 0


def plausibility_warnings(ws: Workspace, shown: int = 3) -> list[str]:
    """The Great Expectations suites that warned on this run's files, each with the rows that
    name what to look at: a file's own checks can pass ("accepted (0 warnings)") while its
    figures are out of line with its history or its claimed totals."""
    from quality.gx_results import read_summary

    lines = []
    for result in read_summary(ws.data_docs):
        for failure in result.failures:
            examples = [
                " ".join(str(v) for k, v in example.items() if k != failure.columns and v != "")
                if isinstance(example, dict)
                else str(example)
                for example in failure.examples[:shown]
            ]
            more = ", …" if failure.unexpected > len(examples) else ""
            rows = "row" if failure.unexpected == 1 else "rows"
            found = f"{failure.unexpected} {rows}" if failure.error is None else failure.error
            lines.append(f"    {result.suite}: {found}: {'; '.join(examples)}{more}")
    if not lines:
        return []
    docs = ws.data_docs / "index.html"
    return [f"  plausibility warnings (published all the same; Data Docs: {docs}):", *lines]


def _run_watched(ws: Workspace, full_refresh: bool, verbose: bool):
    import dagster as dg

    from orchestration.console import run_display
    from orchestration.pipeline import run_pipeline
    from warehouse.publish import current_version

    waiting = sorted(p.name for p in ws.inbox.glob("*") if p.is_file()) if ws.inbox.exists() else []
    released = _released_held_files(ws)
    reopened = f" and {released} held file(s) of reopened periods" if released else ""
    print(f"dvk run: {len(waiting)} file(s) in {ws.inbox}{reopened}", flush=True)
    published, in_inbox = current_version(ws), _inbox_files(ws)
    outcome = display = None
    try:
        with run_display(len(waiting) + released, ws.dbt_log, verbose) as display:
            outcome = run_pipeline(
                ws,
                log_level="INFO" if verbose else "WARNING",
                full_refresh=full_refresh,
                failures_logged=verbose,
            )
    except (KeyboardInterrupt, dg.DagsterExecutionInterruptedError):
        pass  # stopped outside Dagster's own handling: before or after the steps
    return outcome, display, published, in_inbox


def _inbox_files(ws: Workspace) -> int:
    """Files waiting in the inbox and its subfolders (the portal's hidden `.uploads` aside)."""
    if not ws.inbox.is_dir():
        return 0
    return sum(
        1
        for path in ws.inbox.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(ws.inbox).parts)
    )


def _stopped(
    ws: Workspace, signal_name: str, outcome: object, published: str | None, in_inbox: int
) -> str:
    """The one line a stopped run leaves: where it stopped, what it kept, what to do."""
    from warehouse.publish import current_version

    failure = getattr(outcome, "failure", None) or ""
    step = failure.split(":", 1)[0] if ":" in failure else "between steps"
    taken = max(in_inbox - _inbox_files(ws), 0)
    now = current_version(ws)
    shown = (
        f"version {now}, unchanged"
        if now == published
        else f"version {now}, this run's (published before the stop)"
    )
    return (
        f"dvk run: stopped by {signal_name} in {step}. Kept: {taken} file(s) taken in "
        f"(archive/ or quarantine/, with receipts), {_inbox_files(ws)} still in inbox/; "
        f"published marts {shown if now else 'none yet'}. `dvk run` again finishes the work."
    )


def _released_held_files(ws: Workspace) -> int:
    """Held files whose period was reopened: the run takes them in first."""
    from ingestion.decisions import held_files

    if not held_files.waiting(ws):
        return 0
    from ingestion.decisions.approvals import Locks
    from ingestion.reference.registry import Registry

    return len(held_files.released(ws, Registry.load(ws.units_dir), Locks.of(ws)))


def demo(ws: Workspace) -> int:
    """The demo lives in `demo/`, which product code does not import (import-linter forbids it:
    the demo's generators and checks must never become part of a run). Contract §5 promises
    `dvk demo`, so the package ships with dvk (pyproject's wheel packages, checked by
    tests/orchestration/test_demo_dependency.py) and runs as its own program, `python -m demo`,
    in this same environment."""
    if importlib.util.find_spec("demo") is None:
        print("dvk demo: this installation lacks the demo package (demo/) dvk ships with.")
        return 2
    command = [sys.executable, "-m", "demo", "--home", str(ws.home)]
    return subprocess.call(command, cwd=Path(__file__).resolve().parents[2])
