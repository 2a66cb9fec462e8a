"""The one resource the assets share: the workspace (`DVK_HOME`) they read and write."""

import dagster as dg

from ingestion.workspace import Workspace


class WorkspaceResource(dg.ConfigurableResource):
    """`home` empty means `$DVK_HOME`, else `./dvk_home`; resolved when a run starts."""

    home: str = ""

    def get(self) -> Workspace:
        return Workspace.from_env(self.home or None).ensure()
