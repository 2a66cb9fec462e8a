"""The deadline run: for one reporting period, which units are missing or late."""

import dagster as dg

from orchestration.partitions import period_partitions
from orchestration.resources import WorkspaceResource
from warehouse.deadline_report import deadline_report, report_path

DEADLINE_JOB = "dvk_deadlines"


@dg.asset(
    key=["reports", "deadline_status"],
    deps=[dg.AssetKey(["published", "marts"])],
    partitions_def=period_partitions,
    group_name="reports",
    description="Units missing or late for a period, from the published mart_submission_status: "
    "reports/deadlines/<period>.csv and this run's metadata.",
)
def deadline_status(
    context: dg.AssetExecutionContext, workspace: WorkspaceResource
) -> dg.MaterializeResult:
    ws = workspace.get()
    report = deadline_report(ws, context.partition_key)
    context.log.info(
        f"{report.period_code}: {report.expected} expected, {report.on_time} on time, "
        f"{len(report.missing)} missing, {len(report.late)} late"
    )
    return dg.MaterializeResult(
        metadata={
            "expected": report.expected,
            "on_time": report.on_time,
            "missing": len(report.missing),
            "late": len(report.late),
            "missing_units": ", ".join(r["unit_code"] for r in report.missing) or "none",
            "late_units": ", ".join(r["unit_code"] for r in report.late) or "none",
            "path": dg.MetadataValue.path(str(report_path(ws, report.period_code))),
        }
    )


deadline_job = dg.define_asset_job(
    DEADLINE_JOB,
    selection=dg.AssetSelection.assets(deadline_status),
    executor_def=dg.in_process_executor,
    description="The deadline report of one period (a partition); a year is a backfill.",
)
