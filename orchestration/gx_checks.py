"""The Great Expectations suites as Dagster asset checks, one per suite, on the dbt model it
validates. They check plausibility and warn (integrity is dbt's, and blocks); the step also
rebuilds the Data Docs site under `reports/data_docs/`, failures included.

A check judges the files the run took in (every file on a full rebuild): its metadata says
which (`describes`), and, where a mart keeps the state (`Suite.state`), how many failing rows
the warehouse holds in all (`failing_in_warehouse`), so a check that passes on the run's files
never reads as "no mismatch anywhere".
"""

import dagster as dg

from orchestration.dbt_assets import dbt_models
from orchestration.resources import WorkspaceResource
from orchestration.work_ahead import VALIDATION
from quality.expectation_suites import SUITES
from quality.run_records import checked_ids
from warehouse import fault_points
from warehouse.duckdb_settings import connect

_KEYS = {key.path[-1]: key for key in dbt_models.keys}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            suite.name,
            asset=_KEYS[suite.model],
            description=f"Great Expectations, on the run's files: {suite.description}",
            blocking=suite.blocking,
        )
        for suite in SUITES
    ],
)
def great_expectations(context: dg.AssetCheckExecutionContext, workspace: WorkspaceResource):
    from quality.gx_validation import ValidationFailed, validate

    ws = workspace.get()
    # A full refresh (the nightly run, `dvk run --full-refresh`) checks the whole history.
    ops = context.run.run_config.get("ops", {})
    full = ops.get("dbt_models", {}).get("config", {}).get("full_refresh", False)
    batch = checked_ids(ws, context.run.run_id, full)
    context.log.info(
        "Great Expectations: rows of "
        + ("every submission" if batch is None else f"{len(batch)} submissions of this run")
        + f"; Data Docs at {ws.data_docs}"
    )
    fault_points.reached("checks.gx_started")
    # Begun in the worker when dbt succeeded (orchestration.work_ahead), or here and now.
    try:
        results = workspace.work_ahead.take(context.run.run_id, VALIDATION)
        if results is None:
            results = validate(ws.warehouse, ws.data_docs, batch, run_name=context.run.run_id)
    except ValidationFailed as failed:
        context.log.info(f"Great Expectations' worker:\n{failed.worker_traceback}")
        raise
    fault_points.reached("checks.gx_done")
    describes = (
        "every submission (a full rebuild)"
        if batch is None
        else f"the {len(batch)} submission(s) this run took in"
    )
    state = _failing_in_warehouse(ws.warehouse)
    for result in results:
        yield dg.AssetCheckResult(
            asset_key=_KEYS[result.model],
            check_name=result.suite,
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR if result.blocking else dg.AssetCheckSeverity.WARN,
            metadata={
                "describes": describes,
                **({"failing_in_warehouse": state[result.suite]} if result.suite in state else {}),
                "rows_checked": result.rows,
                "expectations": result.expectations,
                "failed": dg.MetadataValue.json(
                    [
                        {
                            "expectation": f.expectation,
                            "columns": f.columns,
                            "unexpected": f.unexpected,
                            "examples": f.examples[:5],
                        }
                        for f in result.failures
                    ]
                ),
                "data_docs": dg.MetadataValue.path(str(ws.data_docs / "index.html")),
            },
        )


def _failing_in_warehouse(warehouse) -> dict[str, int]:
    """suite → its failing rows in the whole warehouse, for the suites that can count them."""
    with connect(warehouse, read_only=True) as con:
        return {
            suite.name: con.execute(suite.state).fetchone()[0] for suite in SUITES if suite.state
        }
