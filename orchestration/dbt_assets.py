"""The dbt models as assets: `dbt build` runs the models and their tests in one pass.

dagster-dbt turns every dbt test into a blocking asset check: a failing test fails the step, and
nothing downstream of it (the audits, the publish) runs.
"""

import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_project import dbt_project
from orchestration.dbt_translator import LayeredTranslator
from orchestration.resources import WorkspaceResource


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
    dbt: DbtCliResource,
    workspace: WorkspaceResource,
):
    # profiles.yml reads the warehouse path from DVK_HOME, the variable Python and dbt share.
    os.environ["DVK_HOME"] = str(workspace.get().home)
    target = Path(tempfile.mkdtemp(prefix="dvk-dbt-"))
    args = ["build", *(["--full-refresh"] if config.full_refresh else [])]
    yield from dbt.cli(args, context=context, target_path=target).stream()
    # Kept when dbt fails: the error message points at the dbt.log inside it.
    shutil.rmtree(target, ignore_errors=True)


def mart_keys() -> list[dg.AssetKey]:
    return sorted(key for key in dbt_models.keys if key.path[-1].startswith("mart_"))
