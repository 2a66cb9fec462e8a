"""The run's next published version, written while the checks after dbt run.

Once dbt has built the marts and every dbt test has passed, nothing before the publish step
changes them: the Great Expectations suites, the mart audits and the reports only read the
warehouse. So as soon as dbt succeeds, a thread of the run's process stages the new version
(`warehouse.publish.stage`: written beside the others and verified, not visible to readers),
and the publish step, once every blocking check has passed, only makes it current
(`warehouse.publish.activate`). At national size, writing the Parquet files of the by-unit marts
is about 3 s of a one-file run: it now overlaps Dagster's handling of dbt's results and the
checks, which leave a core idle.

A check that blocks the publish leaves the staged version unused: it is discarded when the run
ends. An error while staging (a full disk) fails the publish step with that error, as it would
have failed the publish itself. A run killed meanwhile leaves an unfinished `.<version>` folder,
which the next publish removes.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

from warehouse.publish import RowsBy, Staged, discard, stage
from warehouse.workspace import Workspace


class PublishAhead:
    """The versions being staged, by run."""

    def __init__(self) -> None:
        self._pending: dict[str, Future[Staged]] = {}
        self._lock = threading.Lock()

    def start(self, ws: Workspace, run_id: str, rows_by: RowsBy) -> None:
        """Stage the run's version on a thread of its own."""
        future: Future[Staged] = Future()

        def work() -> None:
            try:
                future.set_result(stage(ws, run_id, rows_by))
            except BaseException as error:  # handed to the publish step, which raises it
                future.set_exception(error)

        self.discard(run_id)  # a step run again in the same run
        with self._lock:
            self._pending[run_id] = future
        threading.Thread(target=work, name=f"dvk-stage-{run_id[:8]}", daemon=True).start()

    def take(self, run_id: str) -> Staged | None:
        """The run's staged version once written (raising what stopped it), or None if the run
        started none."""
        with self._lock:
            future = self._pending.pop(run_id, None)
        return None if future is None else future.result()

    def discard(self, run_id: str) -> None:
        """Wait for the run's staging, if any, and drop what it wrote."""
        with self._lock:
            future = self._pending.pop(run_id, None)
        if future is not None and future.exception() is None:
            discard(future.result())
