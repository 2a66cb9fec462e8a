"""Server mode's Dagster (deploy/dagster.yaml): `dagster dev` (webserver and daemon) on an
instance whose runs and event log are in a real PostgreSQL server; a `dvk run` from another
process is recorded there and seen through the webserver's GraphQL."""

import shutil
from pathlib import Path

import psycopg
import pytest

from ingestion.writing.writers import write_json
from tests.conftest import demo_workspace, info, registration
from tests.orchestration.test_webserver import RUNS, _post, dagster_dev
from tests.postgres_server import postgres_cluster
from tests.processes import dvk

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]


def test_a_run_is_recorded_in_postgres_and_seen_through_graphql(tmp_path):
    with postgres_cluster() as url:
        dagster_home = tmp_path / "dagster"
        dagster_home.mkdir()
        shutil.copy(ROOT / "deploy" / "dagster.yaml", dagster_home / "dagster.yaml")
        dagster_url = url.replace("postgresql://", "postgresql+psycopg2://")
        env = {"DAGSTER_HOME": str(dagster_home), "DVK_POSTGRES": dagster_url}
        ws = demo_workspace(tmp_path / "workspace")
        rows = [registration(model_code="M-1")]
        write_json(ws.inbox / "lagi.json", info(unit_code="BTH-LAGI"), {"registrations": rows})
        done = dvk(ws.home, "run", env=env)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        with psycopg.connect(url) as pg:
            stored = pg.execute("select status from runs").fetchall()
            events = pg.execute("select count(*) from event_logs").fetchone()[0]
        assert stored == [("SUCCESS",)] and events > 100

        with dagster_dev(tmp_path, {**env, "DVK_HOME": str(ws.home)}) as base:
            answer = _post(f"{base}/graphql", RUNS)["data"]
        (run,) = answer["runsOrError"]["results"]
        assert (run["jobName"], run["status"]) == ("dvk_pipeline", "SUCCESS")
        assert [m["runId"] for m in answer["assetOrError"]["assetMaterializations"]] == [
            run["runId"]
        ]
