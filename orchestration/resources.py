"""The one resource the assets share: the workspace (`DVK_HOME`) they read and write.

A run holds the workspace's write lock from its first step to its last (the jobs use the
in-process executor, so the resource is set up once per run), and opens the warehouse once
before any step: a file a kill left unreadable is moved aside, and the run rebuilds it from
`archive/` and `reference/`.
"""

import datetime as dt
import logging
from contextlib import ExitStack

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from ingestion.workspace import Workspace
from warehouse.lock import warehouse_lock

log = logging.getLogger(__name__)


class WorkspaceResource(dg.ConfigurableResource):
    """`home` empty means `$DVK_HOME`, else `./dvk_home`; resolved when a run starts."""

    home: str = ""
    _held: ExitStack = PrivateAttr(default_factory=ExitStack)

    def get(self) -> Workspace:
        return Workspace.from_env(self.home or None).ensure()

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        ws = self.get()
        run = context.run.run_id if context.run else "a run"
        logger = context.log or log
        self._held.enter_context(warehouse_lock(ws, f"Dagster run {run}", logger.warning))
        set_aside_if_unreadable(ws, logger.warning)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._held.close()


def set_aside_if_unreadable(ws: Workspace, warn) -> None:
    if not ws.warehouse.exists():
        return
    try:
        duckdb.connect(str(ws.warehouse)).close()
    except duckdb.Error as error:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = ws.warehouse.with_name(f"{ws.warehouse.name}.unreadable-{stamp}")
        ws.warehouse.rename(aside)
        wal = ws.warehouse.with_name(ws.warehouse.name + ".wal")
        if wal.exists():
            wal.rename(aside.with_name(aside.name + ".wal"))
        warn(
            f"{ws.warehouse.name} could not be opened ({error}); moved to {aside.name}. "
            "This run rebuilds the warehouse from archive/ and reference/."
        )
