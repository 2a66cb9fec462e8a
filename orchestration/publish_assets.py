"""Publishing the marts where BI tools read them, once the models and their tests have passed."""

import dagster as dg

from orchestration.dbt_assets import mart_keys
from orchestration.resources import WorkspaceResource
from warehouse.publish import publish


@dg.asset(
    key=["published", "marts"],
    deps=mart_keys(),
    group_name="publish",
    description="published/marts.duckdb and published/parquet/, replaced atomically.",
)
def published_marts(workspace: WorkspaceResource) -> dg.MaterializeResult:
    result = publish(workspace.get())
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            **{f"rows/{table}": rows for table, rows in result.row_counts.items()},
        }
    )
