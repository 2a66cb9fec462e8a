"""Publishing the marts where BI tools read them, once every blocking check has passed."""

import dagster as dg

from orchestration.dbt_assets import mart_keys, mart_rows_by
from orchestration.resources import WorkspaceResource
from orchestration.work_ahead import STAGED_VERSION
from warehouse.duckdb_settings import connect
from warehouse.publish import activate, discard, kept_rollback, stage
from warehouse.served_marts import configured, serve

FACTS = ("fct_registrations", "fct_recognitions", "fct_awards", "fct_submissions")


@dg.asset(
    key=["published", "marts"],
    deps=mart_keys(),
    group_name="publish",
    description="published/marts.duckdb and published/parquet/: a new version, swapped in "
    "atomically; earlier versions kept under published/versions/ for `dvk publish --rollback`.",
)
def published_marts(
    context: dg.AssetExecutionContext, workspace: WorkspaceResource
) -> dg.MaterializeResult:
    ws = workspace.get()
    with connect(ws.warehouse, read_only=True) as con:
        facts = {
            f"facts/{fact}": con.execute(f"select count(*) from core.{fact}").fetchone()[0]
            for fact in FACTS
        }
    staged = workspace.work_ahead.take(context.run.run_id, STAGED_VERSION)
    rollback = kept_rollback(ws)
    if rollback is not None:
        current, newest = rollback
        if staged is not None:
            discard(staged)
        context.log.warning(
            f"version {current} stays current: it was rolled back to from {newest}, and no "
            "file arrived since; new files, or `dvk publish --rollback`, end the rollback"
        )
        return dg.MaterializeResult(
            metadata={"version": current, "kept_rollback_from": newest, **facts}
        )
    ahead = staged is not None
    if staged is None:  # the marts were built by an earlier run, or not all by this one
        staged = stage(ws, run_id=context.run.run_id, rows_by=mart_rows_by())
    else:
        context.log.info(f"version {staged.version} was staged while the checks ran")
    result = activate(ws, staged)
    if result.whole_because:
        context.log.warning(f"every mart copied whole: {result.whole_because}")
    context.log.info(f"published version {result.version}: {ws.marts}")
    served = _serve(context, ws)
    return dg.MaterializeResult(
        metadata={
            **served,
            "version": result.version,
            "staged_during_checks": ahead,
            **({"copied_whole_because": result.whole_because} if result.whole_because else {}),
            "path": dg.MetadataValue.path(str(result.path)),
            **{f"rows/{table}": rows for table, rows in result.row_counts.items()},
            **facts,
        }
    )


def _serve(context: dg.AssetExecutionContext, ws) -> dict:
    """In server mode (DVK_POSTGRES), the new version served from PostgreSQL too."""
    dsn = configured()
    if dsn is None:
        return {}
    served = serve(dsn, ws.marts)
    context.log.info(f"served from PostgreSQL: {len(served.tables)} marts")
    return {"served/rows": sum(served.tables.values()), "served/secured": len(served.secured)}
