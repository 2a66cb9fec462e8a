"""The publish's version is staged while the checks after dbt run, and a run that does not
publish leaves nothing of it behind."""

import dagster as dg
import pytest

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_rows, registration
from warehouse import fault_points
from warehouse.publish import versions

pytestmark = pytest.mark.slow


def _unfinished(ws) -> list[str]:
    return sorted(path.name for path in ws.versions.iterdir() if path.name.startswith("."))


def test_a_run_publishes_the_version_it_staged_while_the_checks_ran(tmp_path):
    ws = demo_workspace(tmp_path / "home")
    assert run_pipeline(ws).success
    rows = [registration(model_code="STAGED-1")]
    write_json(ws.inbox / "new.json", info(unit_code="BTH-LAGI"), {"registrations": rows})
    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    published = outcome.metadata["published/marts"]
    assert published["staged_during_checks"] is True
    assert versions(ws)[-1]["version"] == published["version"] and versions(ws)[-1]["current"]
    new = "select count(*) from mart_models where model_code = 'STAGED-1'"
    assert published_rows(ws, new) == [(1,)]
    assert _unfinished(ws) == []


def test_a_run_that_stops_before_the_publish_discards_what_it_staged(tmp_path, monkeypatch):
    from orchestration.definitions import defs
    from orchestration.jobs import PIPELINE_JOB

    ws = demo_workspace(tmp_path / "home")
    assert run_pipeline(ws).success
    kept = versions(ws)
    rows = [registration(model_code="NEVER-PUBLISHED")]
    write_json(ws.inbox / "new.json", info(unit_code="BTH-LAGI"), {"registrations": rows})
    trace = tmp_path / "trace"
    monkeypatch.setenv(fault_points.TRACE_ENV, str(trace))
    fault_points.reset()
    job = defs.resolve_job_def(PIPELINE_JOB)
    # Every asset but the publish and what follows it: as a run a blocking check stops there.
    stopped = dg.AssetSelection.assets(["published", "marts"]).downstream()
    selection = job.asset_layer.selected_asset_keys - stopped.resolve(defs.resolve_asset_graph())
    result = job.execute_in_process(
        run_config={"resources": {"workspace": {"config": {"home": str(ws.home)}}}},
        instance=dg.DagsterInstance.ephemeral(),
        asset_selection=list(selection),
    )
    assert result.success
    assert "publish.staged#1" in trace.read_text().split()  # it was staged, then dropped
    assert versions(ws) == kept and _unfinished(ws) == []
    new = "select count(*) from mart_models where model_code = 'NEVER-PUBLISHED'"
    assert published_rows(ws, new) == [(0,)]
