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
    # Regression: this asserted `is not None` on a call that raises instead. The job covers
    # the whole graph, from the registries to the published marts.
    job_keys = {
        key.to_user_string()
        for key in defs.resolve_job_def(PIPELINE_JOB).asset_layer.selected_asset_keys
    }
    assert {"raw/units", "raw/submissions", "marts/mart_codes", "published/marts"} <= job_keys


def test_dbt_models_sit_in_one_group_per_layer_with_their_own_descriptions():
    from orchestration.dbt_assets import dbt_models

    groups = {key.to_user_string(): group for key, group in dbt_models.group_names_by_key.items()}
    assert set(groups.values()) == {"staging", "intermediate", "core", "marts"}
    assert groups["staging/stg_raw__registrations"] == "staging"
    assert groups["intermediate/int_submissions_ranked"] == "intermediate"
    assert groups["core/fct_registrations"] == "core"
    assert groups["marts/mart_registrations"] == "marts"
    descriptions = dbt_models.descriptions_by_key.values()
    assert all(d and "Raw SQL" not in d for d in descriptions)
    checks = list(dbt_models.check_specs)
    assert checks and all(spec.description for spec in checks)


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


def test_dbt_gets_the_workspace_and_duckdbs_limits_as_vars_not_through_the_environment(
    tmp_path, monkeypatch
):
    import json

    from orchestration.dbt_assets import build_args
    from orchestration.dbt_project import macros_version

    monkeypatch.setenv("DVK_DUCKDB_MEMORY", "700MB")
    monkeypatch.setenv("DVK_DUCKDB_THREADS", "1")
    args = build_args(tmp_path, full_refresh=True)
    assert args[0] == "build" and args[-1] == "--full-refresh"
    assert json.loads(args[args.index("--vars") + 1]) == {
        "dvk_home": str(tmp_path),
        "duckdb_memory_limit": "700MB",
        "duckdb_threads": 1,
        "macros_version": macros_version(),
    }
    # dbt's unit tests run with a full refresh only: a one-file run leaves them out.
    assert "unit_test" not in args
    assert build_args(tmp_path)[-2:] == ["--exclude-resource-type", "unit_test"]


def test_every_asset_and_every_check_says_what_it_is():
    from orchestration.definitions import defs

    for assets in defs.assets:
        for key in assets.keys:
            assert assets.descriptions_by_key.get(key), key
    for checks in defs.asset_checks:
        for spec in checks.check_specs:
            assert spec.description, spec.key
