"""The dbt models as assets: `dbt build` runs the models and their tests in one pass."""

import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_project import dbt_project
from orchestration.resources import WorkspaceResource


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, workspace: WorkspaceResource
):
    # profiles.yml reads the warehouse path from DVK_HOME, the variable Python and dbt share.
    os.environ["DVK_HOME"] = str(workspace.get().home)
    target = Path(tempfile.mkdtemp(prefix="dvk-dbt-"))
    try:
        yield from dbt.cli(["build"], context=context, target_path=target).stream()
    finally:
        shutil.rmtree(target, ignore_errors=True)


def mart_keys() -> list[dg.AssetKey]:
    return sorted(key for key in dbt_models.keys if key.path[-1].startswith("mart_"))
