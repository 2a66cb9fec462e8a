"""The one entry point: every asset, resource and job of the project.

`dagster dev` loads `defs` from here (see [tool.dagster] in pyproject.toml); `dvk run` and
`dvk demo` execute the same job in-process.
"""

from __future__ import annotations

import dagster as dg

from orchestration import ingestion_assets
from orchestration.dbt_assets import dbt_models
from orchestration.dbt_project import dbt_resource
from orchestration.publish_assets import published_marts
from orchestration.report_assets import inferred_model_identities
from orchestration.resources import WorkspaceResource

PIPELINE_JOB = "dvk_pipeline"

pipeline_job = dg.define_asset_job(
    PIPELINE_JOB,
    selection=dg.AssetSelection.all(),
    description="Inbox to published marts: ingest, transform and test, publish.",
)

defs = dg.Definitions(
    assets=[
        *dg.load_assets_from_modules([ingestion_assets]),
        dbt_models,
        published_marts,
        inferred_model_identities,
    ],
    jobs=[pipeline_job],
    resources={
        "workspace": WorkspaceResource(),
        "dbt": dbt_resource(),
    },
)
