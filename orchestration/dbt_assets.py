"""The dbt models as assets: `dbt build` runs the models and their tests in one pass.

dagster-dbt turns every dbt test into a blocking asset check: a failing test fails the step, and
nothing downstream of it (the audits, the publish) runs. The build runs in the step's own
process (`orchestration.dbt_in_process`).
"""

import functools
import json
from pathlib import Path

import dagster as dg
from dagster_dbt import dbt_assets

from orchestration import dbt_in_process, isolation, settled_nodes
from orchestration.dbt_project import dbt_project, macros_version
from orchestration.dbt_translator import LayeredTranslator
from orchestration.resources import WorkspaceResource
from orchestration.work_ahead import STAGED_VERSION, VALIDATION, StagingAhead, ValidationAhead
from quality.expectation_suites import SUITES
from quality.run_records import checked_ids
from warehouse import duckdb_settings
from warehouse.publish import RowsBy

SUITE_NAMES = frozenset(suite.name for suite in SUITES)


class DbtBuildConfig(dg.Config):
    """`full_refresh`: rebuild the incremental facts from the raw tables (the nightly run)."""

    full_refresh: bool = False


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LayeredTranslator(),
)
def dbt_models(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    workspace: WorkspaceResource,
):
    ws = workspace.get()
    # A run of the whole job leaves the settled nodes out while nothing they read changed
    # (orchestration.settled_nodes); a subset runs what Dagster selected.
    settled = (
        settled_nodes.Plan()
        if context.is_subset
        else settled_nodes.plan(
            ws.warehouse, dbt_project.manifest_path, macros_version(), config.full_refresh
        )
    )
    args = build_args(ws.home, full_refresh=config.full_refresh, variables=settled.variables)

    def work_ahead() -> None:
        # Every mart built and tested: the checks and the publish begin while Dagster records
        # dbt's results (orchestration.work_ahead).
        if not set(mart_keys()) <= set(context.selected_asset_keys):
            return
        run_id, ahead = context.run.run_id, workspace.work_ahead
        if _checks_selected(context.run.asset_check_selection):
            batch = checked_ids(ws, run_id, config.full_refresh)
            ahead.begin(run_id, VALIDATION, ValidationAhead(ws, run_id, batch))
        ahead.begin(run_id, STAGED_VERSION, StagingAhead(ws, run_id, mart_rows_by()))

    # The workspace's own target folder: its partial-parse file matches the run's `--vars`, so
    # dbt parses only what changed since the last run; the dbt.log of a failure is there too.
    def isolate(trial: dbt_in_process.Trial, failed: list[str]) -> bool:
        # A failing test traced to the files that make it fail: those are quarantined and the
        # rest builds and publishes (orchestration.isolation).
        return isolation.isolate(ws, trial, failed, context.log.warning)

    yield from settled_nodes.left_as_built(context, settled)
    yield from dbt_in_process.build(
        context,
        args,
        target=ws.dbt_target,
        on_success=work_ahead,
        on_failure=isolate,
        excluded=settled.excluded,
    )


def _checks_selected(selection: set[dg.AssetCheckKey] | None) -> bool:
    """Whether the run runs the Great Expectations suites (every check when None)."""
    return selection is None or any(key.name in SUITE_NAMES for key in selection)


def build_args(
    home: Path, full_refresh: bool = False, variables: dict[str, object] | None = None
) -> list[str]:
    """`dbt build` on the warehouse of `home`: profiles.yml takes the path, and DuckDB's memory
    and threads, from `--vars`, so a run never changes the process's environment (two
    workspaces in one process stay apart); the macros' hash tells the build state of an
    upgrade.

    dbt's unit tests check the models' SQL on fixed rows, not the data: they run with a full
    refresh (the nightly run, a rebuild, `dvk run --full-refresh`) and in `make test`, and stay
    off the path of a run that brings one new file."""
    variables = json.dumps(
        {
            "dvk_home": str(home),
            "duckdb_memory_limit": duckdb_settings.memory_limit(),
            "duckdb_threads": duckdb_settings.threads(),
            "macros_version": macros_version(),
            **(variables or {}),
        }
    )
    if full_refresh:
        return ["build", "--vars", variables, "--full-refresh"]
    return ["build", "--vars", variables, "--exclude-resource-type", "unit_test"]


@functools.cache
def mart_rows_by() -> RowsBy:
    """The marts whose rows follow the changed units, from their `dvk_rows_by` meta in
    dbt_project.yml: the publish copies those rows only."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    marts = {"unit": set(), "province": set()}
    for node in manifest["nodes"].values():
        rows_by = node.get("config", {}).get("meta", {}).get("dvk_rows_by")
        if node["resource_type"] == "model" and node["name"].startswith("mart_") and rows_by:
            marts[rows_by].add(node["name"])
    return RowsBy(unit=frozenset(marts["unit"]), province=frozenset(marts["province"]))


def mart_keys() -> list[dg.AssetKey]:
    return sorted(key for key in dbt_models.keys if key.path[-1].startswith("mart_"))
