"""The one resource the assets share: the workspace (`DVK_HOME`) they read and write.

A run holds the workspace's write lock from its first step to its last (the jobs use the
in-process executor, so the resource is set up once per run), and opens the warehouse once
before any step: a damaged file is moved aside, and the run rebuilds it from `archive/` and
`reference/`; a file another process holds is waited for (`warehouse.recovery`). It also
carries the work the dbt step begins for the steps after it (`orchestration.work_ahead`): what
no step took is dropped when the run ends.
"""

import logging
from contextlib import ExitStack

import dagster as dg
from pydantic import PrivateAttr

from orchestration.work_ahead import WorkAhead
from warehouse.lock import warehouse_lock
from warehouse.recovery import heal
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)


class WorkspaceResource(dg.ConfigurableResource):
    """`home` empty means `$DVK_HOME`, else `./dvk_home`; resolved when a run starts."""

    home: str = ""
    _held: ExitStack = PrivateAttr(default_factory=ExitStack)
    _ahead: WorkAhead = PrivateAttr(default_factory=WorkAhead)

    @property
    def work_ahead(self) -> WorkAhead:
        return self._ahead

    def get(self) -> Workspace:
        return Workspace.from_env(self.home or None).ensure()

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        ws = self.get()
        run = context.run.run_id if context.run else "a run"
        logger = context.log or log
        self._held.enter_context(warehouse_lock(ws, f"Dagster run {run}", logger.warning))
        heal(ws, logger.warning)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        try:
            if context.run:
                self._ahead.drop_all(context.run.run_id)
        finally:
            self._held.close()
