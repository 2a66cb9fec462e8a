"""The pipeline job: what the inbox sensor, the nightly schedule and `dvk run` all start."""

import dagster as dg

from orchestration.deadline_assets import deadline_status

PIPELINE_JOB = "dvk_pipeline"

pipeline_job = dg.define_asset_job(
    PIPELINE_JOB,
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(deadline_status),
    # One process per run: the workspace lock is held from the first step to the last.
    executor_def=dg.in_process_executor,
    tags={"dvk/writes": "warehouse"},
    description="Inbox to published marts: ingest, transform and test, audit, publish.",
)
