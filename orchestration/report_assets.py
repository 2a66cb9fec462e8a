"""Reports the data team reads after each run."""

import dagster as dg

from orchestration.resources import WorkspaceResource
from warehouse.reports import INFERRED_IDENTITIES, write_inferred_identities


@dg.asset(
    key=["reports", "inferred_model_identities"],
    deps=[dg.AssetKey(["core", "dim_models"])],
    group_name="reports",
    description="Models identified by name for want of a code: reports/" + INFERRED_IDENTITIES,
)
def inferred_model_identities(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    rows = write_inferred_identities(ws)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "path": dg.MetadataValue.path(str(ws.reports / INFERRED_IDENTITIES)),
        }
    )
