"""The one entry point: every asset, check, job, sensor and schedule of the project.

`dagster dev` loads `defs` from here (see [tool.dagster] in pyproject.toml); `dvk run` and
`dvk demo` execute the same job in-process.
"""

import dagster as dg

from orchestration import ingestion_assets
from orchestration.audit_checks import mart_audits
from orchestration.dbt_assets import dbt_models
from orchestration.deadline_assets import deadline_job, deadline_status
from orchestration.gx_checks import great_expectations
from orchestration.inbox_sensor import inbox_sensor
from orchestration.jobs import PIPELINE_JOB, pipeline_job
from orchestration.publish_assets import published_marts
from orchestration.report_assets import audit_report, dbt_docs, inferred_model_identities
from orchestration.resources import WorkspaceResource
from orchestration.run_logger import console_logger
from orchestration.schedules import deadline_report, nightly_rebuild

__all__ = ["PIPELINE_JOB", "defs"]

defs = dg.Definitions(
    assets=[
        *dg.load_assets_from_modules([ingestion_assets]),
        dbt_models,
        published_marts,
        inferred_model_identities,
        audit_report,
        dbt_docs,
        deadline_status,
    ],
    asset_checks=[mart_audits, great_expectations],
    jobs=[pipeline_job, deadline_job],
    sensors=[inbox_sensor],
    schedules=[nightly_rebuild, deadline_report],
    resources={"workspace": WorkspaceResource()},
    loggers={"console": console_logger},
)
