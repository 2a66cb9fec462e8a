"""The pipeline job: what the inbox sensor, the nightly schedule and `dvk run` all start."""

import dagster as dg

from orchestration.deadline_assets import deadline_status
from warehouse.recovery import is_damage, set_aside

PIPELINE_JOB = "dvk_pipeline"
PUBLISH_STEP = "published__marts"


@dg.failure_hook(required_resource_keys={"workspace"})
def set_aside_a_damaged_warehouse(context: dg.HookContext) -> None:
    """A step that failed on a damaged warehouse moves it aside: the next run, or `dvk run` at
    once, rebuilds it from archive/ and reference/ instead of failing the same way for good."""
    if context.step_key == PUBLISH_STEP:
        # It reads the marts dbt has just written, and the published version it starts from:
        # damage there is the published file's, which the warehouse's rebuild would not mend.
        return
    error, messages = context.op_exception, []
    while error is not None:
        messages.append(str(error))
        error = error.__cause__ or error.__context__
    ws = context.resources.workspace.get()
    if ws.warehouse.exists() and is_damage("\n".join(messages)):
        set_aside(ws, "\n".join(messages), context.log.warning)


pipeline_job = dg.define_asset_job(
    PIPELINE_JOB,
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(deadline_status),
    # One process per run: the workspace lock is held from the first step to the last.
    executor_def=dg.in_process_executor,
    hooks={set_aside_a_damaged_warehouse},
    tags={"dvk/writes": "warehouse"},
    description="Inbox to published marts: ingest, transform and test, audit, publish.",
)
