"""Running the pipeline job in-process: what `dvk run` and `dvk demo` share with the tests."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass

import dagster as dg

from orchestration import interruption
from orchestration.dbt_project import prepare
from warehouse.recovery import pending_notes
from warehouse.workspace import Workspace


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    failure: str | None
    metadata: dict[str, dict[str, object]]
    """asset key ("raw/submissions") → its materialisation metadata, as plain values."""
    failed_checks: list[str]
    """The blocking checks that failed, as "asset/key:check_name"."""
    checks: dict[str, dict[str, object]] = dataclasses.field(default_factory=dict)
    """Every check evaluated, "asset/key:check_name" → `passed` and its metadata, as values."""
    recovered_from: str | None = None
    """The failure of a first attempt on a damaged warehouse, which this run rebuilt."""


def run_pipeline(
    ws: Workspace,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
    full_refresh: bool = False,
    failures_logged: bool = True,
) -> RunOutcome:
    """Materialise every asset of the pipeline job once, against the workspace `ws`. A run that
    failed on a damaged warehouse (set aside by the job's failure hook) is run once more, which
    rebuilds it from archive/ and reference/: one command, whole marts, nothing lost.
    `failures_logged=False`: Dagster's error records stay off the console (the caller prints
    `RunOutcome.failure`; orchestration.run_logger)."""
    from orchestration.jobs import PIPELINE_JOB

    ops = {"dbt_models": {"config": {"full_refresh": full_refresh}}}
    before = len(pending_notes(ws))
    logging = {"log_level": log_level, "failures": failures_logged}
    outcome = _execute(ws, PIPELINE_JOB, instance, logging, ops=ops)
    if not outcome.success and len(pending_notes(ws)) > before and not interruption.requested():
        ops = {"dbt_models": {"config": {"full_refresh": True}}}
        retry = _execute(ws, PIPELINE_JOB, instance, logging, ops=ops)
        retry.recovered_from = outcome.failure
        return retry
    return outcome


def run_deadline_report(
    ws: Workspace, period_code: str, instance: dg.DagsterInstance | None = None
) -> RunOutcome:
    """One partition of the deadline job: the period's missing and late units."""
    from orchestration.deadline_assets import DEADLINE_JOB

    # WARNING: the command prints each period's line itself; Dagster's INFO line repeated it.
    return _execute(ws, DEADLINE_JOB, instance, {"log_level": "WARNING"}, partition_key=period_code)


def _execute(
    ws: Workspace,
    job_name: str,
    instance: dg.DagsterInstance | None,
    logging: dict[str, object],
    ops: dict | None = None,
    partition_key: str | None = None,
) -> RunOutcome:
    ws.ensure()
    prepare()
    from orchestration.definitions import defs  # needs the manifest prepared

    config = {
        "resources": {"workspace": {"config": {"home": str(ws.home)}}},
        "loggers": {"console": {"config": logging}},
        **({"ops": ops} if ops else {}),
    }
    with _instance(instance) as active:
        result = defs.resolve_job_def(job_name).execute_in_process(
            run_config=config, instance=active, partition_key=partition_key, raise_on_error=False
        )
    return _outcome(result)


def _outcome(result: dg.ExecuteInProcessResult) -> RunOutcome:
    metadata = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata[materialization.asset_key.to_user_string()] = {
            key: getattr(value, "value", value) for key, value in materialization.metadata.items()
        }
    failed_checks = [
        f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    checks = {
        f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}": {
            "passed": evaluation.passed,
            **{key: getattr(value, "value", value) for key, value in evaluation.metadata.items()},
        }
        for evaluation in result.get_asset_check_evaluations()
    }
    return RunOutcome(
        result.success, result.run_id, _failure(result), metadata, failed_checks, checks
    )


def _instance(instance: dg.DagsterInstance | None):
    """The caller's instance (left open), `$DAGSTER_HOME`'s, or an ephemeral one."""
    if instance is not None:
        return contextlib.nullcontext(instance)
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _failure(result: dg.ExecuteInProcessResult) -> str | None:
    if result.success:
        return None
    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            messages.append(f"{event.step_key}: {_cause(event.step_failure_data.error)}")
        elif event.is_resource_init_failure and event.engine_event_data.error:
            # The workspace could not be set up: locked, or held by another process.
            messages.append(f"setting up the run: {_cause(event.engine_event_data.error)}")
    return "\n".join(messages) or "the run failed"


def _cause(error) -> str:
    """The error that made the step fail, not Dagster's wrapper of it ("Error occurred while
    executing op …"): the innermost cause, as its type and message."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()
