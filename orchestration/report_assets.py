"""Reports the data team and auditors read after each run."""

import dagster as dg

from orchestration.dbt_docs_site import write_site
from orchestration.dbt_project import dbt_project
from orchestration.publish_assets import published_marts
from orchestration.resources import WorkspaceResource
from quality.audit_report import CheckOutcome, write_audit_report
from warehouse import fault_points
from warehouse.publish import versions
from warehouse.recovery import clear_notes, pending_notes
from warehouse.reports import INFERRED_IDENTITIES, write_inferred_identities


@dg.asset(
    key=["reports", "inferred_model_identities"],
    deps=[dg.AssetKey(["core", "dim_models"])],
    group_name="reports",
    description="Models identified by name for want of a code: reports/" + INFERRED_IDENTITIES,
)
def inferred_model_identities(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    rows = write_inferred_identities(ws)
    fault_points.reached("reports.identities_written")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "path": dg.MetadataValue.path(str(ws.reports / INFERRED_IDENTITIES)),
        }
    )


@dg.asset(
    key=["reports", "dbt_docs"],
    deps=[published_marts],
    group_name="reports",
    description="dbt's documentation site of the project, one file that opens offline, every "
    "mart and column described (the data dictionary's words where dbt has none): "
    "reports/dbt-docs/index.html.",
)
def dbt_docs(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    written = write_site(dbt_project.manifest_path, ws.marts, ws.dbt_docs)
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(ws.dbt_docs)), "rewritten": written}
    )


@dg.asset(
    key=["reports", "audit"],
    deps=[published_marts],
    group_name="reports",
    description="The run's audit report (Vietnamese and English): files received, accepted and "
    "rejected with reasons, late units, claimed totals that do not match, models several units "
    "registered, changes between versions, every check; reports/audit/<time>-<run>.html.",
)
def audit_report(context: dg.AssetExecutionContext, workspace: WorkspaceResource):
    ws = workspace.get()
    evaluations = context.instance.all_logs(
        context.run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    )
    checks = []
    for entry in evaluations:
        evaluation = entry.dagster_event.asset_check_evaluation_data
        checks.append(
            CheckOutcome(
                asset=evaluation.asset_key.to_user_string(),
                check=evaluation.check_name,
                passed=evaluation.passed,
                blocking=bool(evaluation.blocking),
            )
        )
    current = next((record["version"] for record in versions(ws) if record["current"]), None)
    recoveries = pending_notes(ws)
    path = write_audit_report(ws, context.run.run_id, checks, current, recoveries)
    fault_points.reached("reports.audit_written")
    clear_notes(ws, recoveries)
    context.log.info(f"audit report: {path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "checks_passed": sum(c.passed for c in checks),
            "checks_failed": sum(not c.passed for c in checks),
            "recoveries": len(recoveries),
            "data_docs": dg.MetadataValue.path(str(ws.data_docs / "index.html")),
        }
    )
