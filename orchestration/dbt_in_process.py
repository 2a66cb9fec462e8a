"""`dbt build` inside the run's own process, on a project graph parsed once per code version.

A `dbt build` child process costs seconds before its first model: Python and dbt start, read
the profile and check every project file against the partial-parse state. In-process, dbt's
own runner takes the graph already parsed (`dbtRunner(manifest=…)`), and its events go
straight to dagster-dbt's translation into materialisations and asset-check results, without
a JSON log stream to write and parse. A killed run also leaves no dbt child behind.

dbt keeps process-wide state (flags, the event manager, the adapter), so one build runs at a
time; and dbt-duckdb keeps its DuckDB database open after a build, so the database is closed
before the steps after it (the audits, the publish) open the same file.

What this needs of dbt's and dagster-dbt's internals is in `dbt_internals`.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dagster as dg

from orchestration import dbt_internals, interruption
from orchestration.dbt_graph import DbtBuildError, common_flags, parsed_graph
from orchestration.dbt_project import dbt_project
from warehouse import fault_points

_RESULT_EVENTS = frozenset(
    {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
)


_SHOWN_LEVELS = frozenset({"info", "warn", "error"})


_LOCK = threading.Lock()


Trial = Callable[[], bool]
"""Builds again, quietly, with the files listed in `raw.withheld` held back (dbt
macros/withheld.sql): whether that build passed."""


def build(
    context: dg.AssetExecutionContext,
    args: list[str],
    target: Path,
    on_success: Callable[[], None] | None = None,
    on_failure: Callable[[Trial, list[str]], bool] | None = None,
    excluded: tuple[str, ...] = (),
) -> Iterator[dg.Output | dg.AssetMaterialization | dg.AssetObservation | dg.AssetCheckResult]:
    """Run `dbt <args>` (a build with its `--vars`) on the assets and checks `context` selects
    and yield their Dagster events; raise `DbtBuildError` if dbt did not succeed.

    The events are yielded when dbt has finished, from the caller's thread: dbt runs in the
    step's own thread, so an interrupt (Ctrl-C, a terminated run) reaches it directly.
    `on_success` is called as soon as dbt has succeeded, before Dagster handles its events.
    `on_failure` is called when it failed, with a `Trial` and the nodes that failed; where it
    answers True (it took the files that made them fail out of the warehouse) dbt builds once
    more, and that build's events are the step's. `excluded`: nodes, by name, left out of the
    build, and only those (their tests are named too: no indirect selection)."""
    nodes, translator = dbt_internals.assets_graph(context)
    with _LOCK:
        dbt_internals.discover_plugins_once()
        dbt_internals.drop_unlogged_debug_events()
        parsed = parsed_graph(args, target)
        selection, indirect = dbt_internals.selection(context, nodes, translator)
        flags = [*common_flags(target), *selection]
        if excluded:
            flags += ["--exclude", " ".join(excluded)]
            indirect = "empty"
        if indirect:
            flags += ["--indirect-selection", indirect]
        fault_points.reached("dbt.started")
        outcome, events, errors = _invoke(parsed.graph, [*args, *flags])

        def trial() -> bool:
            return _invoke(parsed.graph, [*withholding(args), *flags], quiet=True)[0].success

        if (
            not outcome.success
            and on_failure is not None
            and not _environmental(outcome)
            and on_failure(trial, failed_nodes(outcome))
        ):
            outcome, events, errors = _invoke(parsed.graph, [*args, *flags])
        if outcome.success and on_success is not None:
            on_success()
        for event in events:
            yield from event.to_default_asset_events(
                manifest=nodes,
                dagster_dbt_translator=translator,
                context=context,
                target_path=target,
                project=dbt_project,
            )
        if not outcome.success:
            raise DbtBuildError(_failure(outcome, errors, target))


def invoke(args: list[str], target: Path) -> Any:
    """`dbt <args>` (with their `--vars`) in this process on the graph parsed once, quietly:
    a command outside a run's build, such as the full refresh a build is compared with. dbt's
    outcome; a child `dbt` process would pay seconds of start and parse for each."""
    with _LOCK:
        dbt_internals.discover_plugins_once()
        dbt_internals.drop_unlogged_debug_events()
        parsed = parsed_graph(args, target)
        return _invoke(parsed.graph, [*args, *common_flags(target)], quiet=True)[0]


def _invoke(graph: Any, invocation: list[str], quiet: bool = False) -> tuple[Any, list, list[str]]:
    """One dbt invocation: its outcome, its result events, its error lines. `quiet`: nothing
    printed and no node counted (a trial build, not the run's own)."""
    from dbt.cli.main import dbtRunner

    events: list = []
    errors: list[str] = []

    def collect(msg) -> None:
        if quiet:
            return
        level, text = msg.info.level, msg.info.msg
        if level in _SHOWN_LEVELS and text:
            # dbt's console lines, as a `dbt build` prints them, as they happen: `dvk run`
            # summarises them and keeps them all in reports/dbt-output.log.
            sys.stdout.write(text + "\n")
            if level == "error":
                errors.append(text)
        if msg.info.name in _RESULT_EVENTS:
            events.append(dbt_internals.result_event(msg))
            fault_points.reached("dbt.node_done")

    try:
        with _interrupts_as_keyboard():
            outcome = dbtRunner(manifest=graph, callbacks=[collect]).invoke(invocation)
    finally:
        # dbt-duckdb keeps its database open between invocations: another connection to the
        # same file in this process (the audits, the publish) would otherwise share dbt's
        # instance, its settings and its view of a file replaced since.
        dbt_internals.close_duckdb()
    if interruption.requested():
        # dbt reports the interrupt as its nodes' errors; it is the run's stop, not a failure
        # to trace to files (orchestration.interruption).
        raise dg.DagsterExecutionInterruptedError()
    return outcome, events, errors


@contextlib.contextmanager
def _interrupts_as_keyboard() -> Iterator[None]:
    """Within: an interrupt is a KeyboardInterrupt, the one dbt answers by cancelling its
    queries and joining its threads. Dagster's own (DagsterExecutionInterruptedError) would be
    reported as the node's error while its query ran on, to abort the process at exit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = (signal.SIGINT, signal.SIGTERM)
    handlers = {n: signal.signal(n, interruption.raise_keyboard_interrupt) for n in stopping}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def withholding(args: list[str]) -> list[str]:
    """`args` with `dvk_withholding` on in its `--vars` (dbt macros/withheld.sql)."""
    position = args.index("--vars") + 1
    variables = {**json.loads(args[position]), "dvk_withholding": True}
    return [*args[:position], json.dumps(variables), *args[position + 1 :]]


_ENVIRONMENTAL = ("No space left on device", "Could not set lock")


def _environmental(outcome: Any) -> bool:
    """Failed for the machine, not the data: a full disk, a file another process holds. No
    trial build without some files would pass (orchestration.isolation)."""
    messages = [r.message or "" for r in _failed_results(outcome)] + [str(outcome.exception or "")]
    return any(marker in message for message in messages for marker in _ENVIRONMENTAL)


def failed_nodes(outcome: Any) -> list[str]:
    """The unique ids of the nodes that errored or failed in a dbt outcome."""
    return [result.node.unique_id for result in _failed_results(outcome)]


def _failed_results(outcome: Any) -> list[Any]:
    results = getattr(outcome.result, "results", None) or []
    return [r for r in results if str(r.status) in {"error", "fail"}]


def _failure(outcome, errors: list[str], target: Path) -> str:
    lines = ["dbt build failed."]
    failed = _failed_results(outcome)
    lines += [f"- {r.node.unique_id}: {r.status}: {(r.message or '').strip()}" for r in failed]
    if outcome.exception is not None:
        lines.append(f"- {type(outcome.exception).__name__}: {outcome.exception}")
    if not failed and errors:
        lines += [f"- {message}" for message in errors[:20]]
    lines.append(f"dbt's log: {target / 'dbt.log'}")
    return "\n".join(lines)


__all__ = ["DbtBuildError", "Trial", "build", "failed_nodes", "invoke", "withholding"]
