"""Runs that happen on their own: the nightly rebuild, and each period's deadline report."""

import datetime as dt

import dagster as dg

from ingestion.reference.reference_tables import read_deadlines
from orchestration.deadline_assets import DEADLINE_JOB
from orchestration.jobs import pipeline_job
from orchestration.partitions import PERIODS
from warehouse.workspace import Workspace

TIMEZONE = "Asia/Ho_Chi_Minh"

nightly_rebuild = dg.ScheduleDefinition(
    name="nightly_rebuild",
    job=pipeline_job,
    cron_schedule="0 1 * * *",
    execution_timezone=TIMEZONE,
    run_config={"ops": {"dbt_models": {"config": {"full_refresh": True}}}},
    tags={"dvk/trigger": "nightly"},
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="01:00: the whole pipeline, with every dbt model rebuilt from the raw tables.",
)


def periods_due(on: dt.date, deadlines: dict[str, dt.date]) -> list[str]:
    """The periods whose deadline was the day before `on`."""
    return [p.code for p in PERIODS if deadlines.get(p.code, p.deadline) == on - dt.timedelta(1)]


@dg.schedule(
    name="deadline_report",
    job_name=DEADLINE_JOB,
    cron_schedule="0 2 * * *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="02:00, after the nightly run: the report of each period whose deadline passed "
    "yesterday (deadlines from reference/deadlines.csv, else 15 days after the period).",
)
def deadline_report(context: dg.ScheduleEvaluationContext):
    ws = Workspace.from_env()
    day = context.scheduled_execution_time.date()
    due = periods_due(day, read_deadlines(ws.deadlines_file))
    if not due:
        return dg.SkipReason(f"no period's deadline fell on {day - dt.timedelta(1)}")
    tags = {"dvk/trigger": "deadline"}
    return [dg.RunRequest(run_key=f"deadline-{p}", partition_key=p, tags=tags) for p in due]
