"""The dbt project, declared once for Dagster, the CLI and the tests."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"

# The dbt beside this interpreter: the venv's bin/ need not be on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# `dagster dev` parses the project at start-up; elsewhere `prepare()` is called explicitly.
dbt_project.prepare_if_dev()


def prepare() -> Path:
    """Write `target/manifest.json` (a `dbt parse`) when it is missing or older than a source file.

    Definitions read the manifest when they load, so the CLI and the tests call this first.
    """
    manifest = dbt_project.manifest_path
    sources = [
        p
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.suffix in {".sql", ".yml"} and "target" not in p.parts
    ]
    if not manifest.exists() or max(p.stat().st_mtime for p in sources) > manifest.stat().st_mtime:
        dbt_project.preparer.prepare(dbt_project)
    return manifest


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
