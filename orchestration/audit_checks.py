"""The audits of `quality.mart_audits` as blocking asset checks: a failure stops the publish."""

import dagster as dg

from orchestration.dbt_assets import mart_keys
from orchestration.resources import WorkspaceResource
from quality.mart_audits import AUDITS
from warehouse import fault_points
from warehouse.duckdb_settings import connect

# Where each audit shows in the UI; it reads whatever marts it needs (all of them are built by
# the one dbt step, before any check runs).
_SHOWN_ON = {
    "registrations_add_up": "mart_registrations",
    "awards_add_up": "mart_awards",
    "current_province_mapped": "mart_registrations",
}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            audit.name,
            asset=dg.AssetKey(["marts", _SHOWN_ON[audit.name]]),
            description=audit.description,
            blocking=True,
            additional_deps=[key for key in mart_keys() if key.path[-1] != _SHOWN_ON[audit.name]],
        )
        for audit in AUDITS
    ],
)
def mart_audits(workspace: WorkspaceResource):
    with connect(workspace.get().warehouse, read_only=True) as con:
        for audit in AUDITS:
            fault_points.reached("checks.mart_audit")
            offending = audit.find(con)
            yield dg.AssetCheckResult(
                asset_key=dg.AssetKey(["marts", _SHOWN_ON[audit.name]]),
                check_name=audit.name,
                passed=not offending,
                metadata={"offending": dg.MetadataValue.json([list(r) for r in offending[:20]])},
            )
