import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

ROOT = Path(__file__).resolve().parents[2]


def test_definitions_load_with_one_graph_from_file_to_published_marts():
    from orchestration.definitions import PIPELINE_JOB, defs

    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "raw/units",
        "raw/admin_provinces",
        "raw/periods",
        "raw/submissions",
        "raw/registrations",
        "staging/stg_raw__registrations",
        "core/fct_registrations",
        "marts/mart_registrations",
        "published/marts",
        "raw/recognitions",
        "raw/awards",
        "raw/claimed_totals",
        "reports/inferred_model_identities",
    } <= keys
    # The raw tables are the dbt sources: one lineage from file to mart.
    staging = graph.get(dg.AssetKey(["staging", "stg_raw__registrations"]))
    assert dg.AssetKey(["raw", "registrations"]) in staging.parent_keys
    published = graph.get(dg.AssetKey(["published", "marts"]))
    assert dg.AssetKey(["marts", "mart_registrations"]) in published.parent_keys
    assert defs.resolve_job_def(PIPELINE_JOB) is not None


def test_dagster_validates_the_definitions_from_the_project_root(tmp_path):
    env = {**os.environ, "DVK_HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path)}
    dagster = Path(sys.executable).parent / "dagster"
    result = subprocess.run(
        [str(dagster), "definitions", "validate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "All code locations passed validation" in result.stderr + result.stdout
