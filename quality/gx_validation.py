"""Running the Great Expectations suites on the warehouse and rendering Data Docs.

The context is ephemeral and configured in code: the suites live in `expectation_suites`, the
results of one run go to the Data Docs site under `reports/data_docs/`, rebuilt whole each run
in a side folder and swapped in, so the site always shows one run. The expectations run as SQL
in DuckDB (`gx_warehouse`): a suite's rows never become a pandas frame, only the counts and
`SAMPLE` failing rows come back. Great Expectations is imported here only, when a run checks: it
takes seconds of CPU to import, so a small run starts a worker process (`prestart`) that
imports it on the other core while the run loads files and builds the models, and validates
there (`quality.gx_worker`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from ingestion.pipe_messages import receive, send
from quality.data_docs import make_offline
from quality.expectation_suites import SUITES
from quality.gx_results import SUMMARY_FILE, SuiteResult, result_format, summarise
from quality.suite import BATCH, Suite
from warehouse.duckdb_settings import connect
from warehouse.publish import quoted

CATALOG = "warehouse"
"""The name the checked warehouse is attached under (read-only)."""


SITE = "dvk"


_worker: subprocess.Popen | None = None
"""The worker `prestart` started, until a validation takes it."""


def _imported_here() -> bool:
    return "great_expectations" in sys.modules


class ValidationFailed(RuntimeError):
    """The suites could not be run: the message says why in a line (a full disk, …), and
    `worker_traceback` holds the worker's traceback for the run's log."""

    def __init__(self, message: str, worker_traceback: str = ""):
        super().__init__(message)
        self.worker_traceback = worker_traceback


def prestart() -> None:
    """Start the worker that imports Great Expectations now and validates later (one validation
    each; an idle worker from a run that failed before its checks is kept for the next). From
    the run's main thread: the worker dies with the thread that started it. Not in a process
    that has imported Great Expectations already: there, validating costs no import."""
    global _worker
    if _imported_here() or (_worker is not None and _worker.poll() is None):
        return
    _worker = subprocess.Popen(
        [sys.executable, "-m", "quality.gx_worker", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
    )


def validate(
    warehouse: Path,
    docs_dir: Path,
    batch: Iterable[str] | None,
    run_name: str,
    suites: Sequence[Suite] = SUITES,
) -> list[SuiteResult]:
    """Validate each suite's query on `warehouse` and rebuild the Data Docs site at `docs_dir`:
    in the worker `prestart` started, if there is one, else here.

    `batch`: the submission ids whose rows the row-level suites check; None checks them all.
    """
    if suites is not SUITES:  # the worker runs the project's suites
        return validate_here(warehouse, docs_dir, batch, run_name, suites=suites)
    return begin(warehouse, docs_dir, batch, run_name).result()


def begin(warehouse: Path, docs_dir: Path, batch: Iterable[str] | None, run_name: str) -> Pending:
    """`validate`, begun in the worker (if there is one) and answered by `Pending.result`: the
    caller goes on meanwhile."""
    global _worker
    arguments = (warehouse, docs_dir, None if batch is None else list(batch), run_name)
    if _worker is None or _worker.poll() is not None:
        return Pending(arguments)
    worker, _worker = _worker, None
    try:
        send(worker.stdin, arguments)
    except OSError:
        worker.kill()
        worker.wait()
        return Pending(arguments)  # the worker died: the checks run here when asked
    return Pending(arguments, worker)


@dataclass
class Pending:
    """A validation begun: in a worker, which answers when it is done, or, without one, run
    here when its result is asked for."""

    arguments: tuple
    worker: subprocess.Popen | None = None

    def result(self) -> list[SuiteResult]:
        if self.worker is None:
            return validate_here(*self.arguments)
        worker, self.worker = self.worker, None
        try:
            kind, answer = receive(worker.stdout)
        except (EOFError, OSError):
            worker.kill()
            return validate_here(*self.arguments)  # the worker died: the checks still run
        finally:
            with contextlib.suppress(OSError):
                worker.stdin.close()
            worker.wait()
        if kind == "error":
            reason = answer.strip().splitlines()[-1] if answer.strip() else "no reason given"
            raise ValidationFailed(f"Great Expectations failed in its worker: {reason}", answer)
        return answer

    def cancel(self) -> None:
        """Stop the worker: nobody will ask for the result (the run stopped before its checks).
        The side folder it was building the Data Docs in is removed by the next validation."""
        if self.worker is not None:
            self.worker.kill()
            self.worker.wait()
            self.worker = None


def validate_here(
    warehouse: Path,
    docs_dir: Path,
    batch: Iterable[str] | None,
    run_name: str,
    suites: Sequence[Suite] = SUITES,
) -> list[SuiteResult]:
    """`validate` in this process."""
    with _checking(warehouse, batch) as con:
        return _validate(con, docs_dir, run_name, suites)


def _validate(
    con: duckdb.DuckDBPyConnection, docs_dir: Path, run_name: str, suites: Sequence[Suite]
) -> list[SuiteResult]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    from quality import gx_warehouse

    for unfinished in docs_dir.parent.glob(f".{docs_dir.name}-*"):  # a validation stopped
        shutil.rmtree(unfinished, ignore_errors=True)
    building = docs_dir.parent / f".{docs_dir.name}-{uuid.uuid4().hex[:8]}"
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            data_docs_sites={
                SITE: {
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(building),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                }
            },
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        ),
    )
    source = getattr(context.data_sources, f"add_{gx_warehouse.TYPE}")(
        name=CATALOG,
        connection_string="duckdb:///:memory:",  # names the dialect; connections come from `con`
        kwargs=gx_warehouse.engine_kwargs(con, CATALOG),
    )
    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    try:
        results = [_run(con, context, source, suite, run_id) for suite in suites]
    finally:
        # Both engines (the datasource's, which tests the assets, and the execution engine's)
        # hold cursors of `con`: close them with the run, not at the interpreter's exit.
        source.get_execution_engine().close()
        source.get_engine().dispose()
    context.build_data_docs(site_names=[SITE])
    make_offline(building, results)
    (building / SUMMARY_FILE).write_text(
        json.dumps([asdict(result) for result in results], indent=2, default=str) + "\n",
        encoding="utf-8",
    )
    _swap_in(building, docs_dir)
    return results


def _run(con: duckdb.DuckDBPyConnection, context, source, suite: Suite, run_id) -> SuiteResult:
    """One suite as a GX query asset of `source`, validated in `context`."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    # GX takes a query that starts with `select `; a suite's may start with `with`.
    query = f"select * from ({suite.query}) as suite_rows"
    rows = con.execute(f"select count(*) from ({query})").fetchone()[0]
    batch_definition = source.add_query_asset(
        suite.name, query=query
    ).add_batch_definition_whole_table("rows")
    expectation_suite = context.suites.add(
        gx.ExpectationSuite(
            name=suite.name,
            expectations=suite.expectations(gxe),
            meta={"blocking": suite.blocking, "model": suite.model, "notes": suite.description},
        )
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=expectation_suite)
    )
    outcome = definition.run(result_format=result_format(suite), run_id=run_id)
    return summarise(suite, outcome, rows)


@contextmanager
def _checking(warehouse: Path, batch: Iterable[str] | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB holding the table of checked submissions, the warehouse attached
    read-only as `CATALOG` and in use (the checks can never write to it)."""
    with connect() as con:
        con.execute(f"attach {quoted(warehouse)} as {CATALOG} (read_only)")
        con.execute(f"create table {BATCH} (submission_id varchar)")
        if batch is None:
            con.execute(
                f"insert into {BATCH} select submission_id "
                f"from {CATALOG}.staging.stg_raw__submissions"
            )
        else:
            con.execute(f"insert into {BATCH} select unnest(?)", [list(batch)])
        con.execute(f"use {CATALOG}")
        yield con


def _swap_in(building: Path, docs_dir: Path) -> None:
    old = docs_dir.parent / f".{docs_dir.name}-old-{uuid.uuid4().hex[:8]}"
    if docs_dir.exists():
        docs_dir.rename(old)
    building.rename(docs_dir)
    shutil.rmtree(old, ignore_errors=True)
