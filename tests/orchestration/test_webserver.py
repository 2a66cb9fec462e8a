"""`dagster dev` as the README starts it, on an instance configured by the project's
`dagster.yaml`: its GraphQL lists assets, sensor, schedules, checks, and the runs `dvk run`
recorded in the same instance from another process."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingestion.writing.writers import write_json
from tests.conftest import demo_workspace, info, registration
from tests.processes import dvk

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
QUERY = """
{
  repositoriesOrError { ... on RepositoryConnection { nodes {
    sensors { name sensorState { status } }
    schedules { name cronSchedule scheduleState { status } }
    jobs { name }
    assetNodes {
      assetKey { path }
      partitionKeys
      assetChecksOrError { ... on AssetChecks { checks { name blocking } } }
    }
  } } }
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, query: str) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@dataclass(frozen=True)
class Webserver:
    graphql: str
    dagster_home: Path


@contextlib.contextmanager
def dagster_dev(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """`dagster dev` (webserver and daemon) from the project root with `env`; yields its base
    URL once it answers, and stops its process group at the end."""
    port = _free_port()
    log = (folder / "dagster-dev.log").open("w")
    dagster = Path(sys.executable).parent / "dagster"
    server = subprocess.Popen(
        [str(dagster), "dev", "-p", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 240
        while True:
            assert server.poll() is None, (folder / "dagster-dev.log").read_text()[-3000:]
            try:
                urllib.request.urlopen(f"{base}/server_info", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline, "dagster dev did not start"
                time.sleep(1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """One `dagster dev` for the module's tests (its start costs seconds of every core)."""
    tmp_path = tmp_path_factory.mktemp("webserver")
    (tmp_path / "dagster").mkdir()
    (tmp_path / "dagster" / "dagster.yaml").write_text((ROOT / "dagster.yaml").read_text())
    env = {"DAGSTER_HOME": str(tmp_path / "dagster"), "DVK_HOME": str(tmp_path)}
    with dagster_dev(tmp_path, env) as base:
        yield Webserver(f"{base}/graphql", tmp_path / "dagster")


def test_the_ui_lists_assets_sensor_schedules_and_checks(webserver):
    (repository,) = _post(webserver.graphql, QUERY)["data"]["repositoriesOrError"]["nodes"]
    assert {(s["name"], s["sensorState"]["status"]) for s in repository["sensors"]} == {
        ("inbox_sensor", "RUNNING")
    }
    schedules = {
        s["name"]: (s["cronSchedule"], s["scheduleState"]["status"])
        for s in repository["schedules"]
    }
    assert schedules == {
        "nightly_rebuild": ("0 1 * * *", "RUNNING"),
        "deadline_report": ("0 2 * * *", "RUNNING"),
    }
    assert {"dvk_pipeline", "dvk_deadlines"} <= {job["name"] for job in repository["jobs"]}
    nodes = {"/".join(node["assetKey"]["path"]): node for node in repository["assetNodes"]}
    assert {"raw/submissions", "core/fct_registrations", "marts/mart_registrations"} <= set(nodes)
    assert {"published/marts", "reports/deadline_status"} <= set(nodes)
    assert "2023-H1" in nodes["reports/deadline_status"]["partitionKeys"]

    def checks(key: str) -> dict[str, bool]:
        found = nodes[key]["assetChecksOrError"]["checks"]
        return {check["name"]: check["blocking"] for check in found}

    assert checks("raw/registrations") == {"rows_match_schema": True}
    assert checks("raw/submissions") == {"files_accepted": False}
    registrations = checks("marts/mart_registrations")
    assert registrations["registrations_add_up"] is True
    assert registrations["current_province_mapped"] is True
    assert registrations["in_code_set_mart_registrations_field__field"] is True


RUNS = """
{
  runsOrError { ... on Runs { results { runId status jobName } } }
  assetOrError(assetKey: {path: ["marts", "mart_registrations"]}) {
    ... on Asset { assetMaterializations(limit: 1) { runId } }
  }
}
"""


def test_a_run_of_dvk_run_shows_in_the_ui_with_its_materialisations(webserver, tmp_path):
    ws = demo_workspace(tmp_path / "workspace")
    rows = [registration(model_code="M-1")]
    write_json(ws.inbox / "lagi.json", info(unit_code="BTH-LAGI"), {"registrations": rows})
    done = dvk(ws.home, "run", env={"DAGSTER_HOME": str(webserver.dagster_home)})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    answer = _post(webserver.graphql, RUNS)["data"]
    (run,) = answer["runsOrError"]["results"]
    assert (run["jobName"], run["status"]) == ("dvk_pipeline", "SUCCESS")
    materialized = answer["assetOrError"]["assetMaterializations"]
    assert [m["runId"] for m in materialized] == [run["runId"]]
