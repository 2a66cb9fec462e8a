"""Work the dbt step begins for the steps after it, so that it overlaps what runs in between.

Once dbt has built the marts and every dbt test has passed, nothing before the publish changes
the warehouse: the Great Expectations suites, the mart audits and the reports only read it. So
as soon as dbt succeeds, two pieces of work begin while Dagster records dbt's results (about 3 s
of one core for a one-file run) and the checks run:

- the Great Expectations validation, in the worker that imported Great Expectations when the
  run started (`quality.gx_validation.begin`); the checks step takes its results;
- the new published version, staged on a thread of the run's process
  (`warehouse.publish.stage`: written beside the others and verified, not visible to readers;
  at national size, the Parquet files of the by-unit marts alone are about 3 s). The publish
  step, once every blocking check has passed, only makes it current
  (`warehouse.publish.activate`).

What no step takes, because the run stopped before it (a blocking check failed), is dropped when
the run ends: the worker stopped, the staged version removed. An error in the work (a full
disk) is raised by the step that takes it, as that step would have raised it. A run killed
meanwhile leaves an unfinished side folder, which the next validation or publish removes.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any, Protocol

from quality.gx_validation import Pending, begin
from warehouse.publish import RowsBy, Staged, discard, stage
from warehouse.workspace import Workspace

VALIDATION = "great_expectations"
STAGED_VERSION = "published_version"


class Ahead(Protocol):
    def take(self) -> Any:
        """Wait for the work and return what it made, or raise what stopped it."""

    def drop(self) -> None:
        """Wait for the work, or stop it, and remove what it made."""


class WorkAhead:
    """The work begun for later steps, by run and by name."""

    def __init__(self) -> None:
        self._begun: dict[tuple[str, str], Ahead] = {}
        self._lock = threading.Lock()

    def begin(self, run_id: str, name: str, work: Ahead) -> None:
        with self._lock:
            earlier = self._begun.pop((run_id, name), None)
            self._begun[(run_id, name)] = work
        if earlier is not None:  # a step run again in the same run
            earlier.drop()

    def take(self, run_id: str, name: str) -> Any | None:
        """What the work made (raising what stopped it), or None if the run began none."""
        with self._lock:
            work = self._begun.pop((run_id, name), None)
        return None if work is None else work.take()

    def drop_all(self, run_id: str) -> None:
        with self._lock:
            left = [self._begun.pop(key) for key in list(self._begun) if key[0] == run_id]
        for work in left:
            work.drop()


class ValidationAhead:
    """The run's Great Expectations validation, begun in the worker."""

    def __init__(self, ws: Workspace, run_id: str, batch: list[str] | None) -> None:
        self._pending: Pending = begin(ws.warehouse, ws.data_docs, batch, run_name=run_id)

    def take(self) -> list:
        return self._pending.result()

    def drop(self) -> None:
        self._pending.cancel()


class StagingAhead:
    """The run's next published version, staged on a thread."""

    def __init__(self, ws: Workspace, run_id: str, rows_by: RowsBy) -> None:
        self._future: Future[Staged] = Future()
        threading.Thread(
            target=self._stage, args=(ws, run_id, rows_by), name=f"dvk-stage-{run_id[:8]}"
        ).start()

    def _stage(self, ws: Workspace, run_id: str, rows_by: RowsBy) -> None:
        try:
            self._future.set_result(stage(ws, run_id, rows_by))
        except BaseException as error:  # raised by the publish step, which takes it
            self._future.set_exception(error)

    def take(self) -> Staged:
        return self._future.result()

    def drop(self) -> None:
        if self._future.exception() is None:
            discard(self._future.result())
