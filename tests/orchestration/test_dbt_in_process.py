"""dbt runs inside the run's process: parsed once per code version, its database closed after."""

import os

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration import dbt_graph
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_rows, registration

pytestmark = pytest.mark.slow


def _submit(ws, unit: str, codes: list[str]) -> None:
    rows = [registration(model_code=code) for code in codes]
    write_json(ws.inbox / f"{unit}.json", info(unit_code=unit), {"registrations": rows})


def test_two_workspaces_in_one_process_share_one_parse_and_keep_their_own_rows(tmp_path):
    environment, cwd = dict(os.environ), os.getcwd()
    first, second = demo_workspace(tmp_path / "first"), demo_workspace(tmp_path / "second")
    _submit(first, "BTH-LAGI", ["L-1", "L-2"])
    _submit(second, "BTH-TUYPHONG", ["T-1"])

    assert run_pipeline(first).success
    parses = dbt_graph.parses()
    # dbt's database is closed: this process can open the file with another configuration.
    with duckdb.connect(str(first.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from core.fct_registrations").fetchone() == (2,)

    assert run_pipeline(second).success
    assert dbt_graph.parses() == parses  # the graph parsed for the first run was reused
    sql = "select distinct unit_code from mart_registrations"
    assert published_rows(first, sql) == [("BTH-LAGI",)]
    assert published_rows(second, sql) == [("BTH-TUYPHONG",)]
    # dbt's runner leaves the process as it found it: no dbt variable, the same directory.
    changed = {k for k, v in os.environ.items() if environment.get(k) != v}
    assert not [name for name in changed if "DBT" in name or "DVK" in name], changed
    assert os.getcwd() == cwd


def test_a_new_process_takes_the_graph_stored_by_the_last_parse(tmp_path, monkeypatch):
    ws = demo_workspace(tmp_path / "home")
    _submit(ws, "BTH-LAGI", ["L-1"])
    monkeypatch.setattr(dbt_graph, "_parsed", None)  # parsed by this run, and stored
    assert run_pipeline(ws).success
    assert (ws.dbt_target / dbt_graph.GRAPH_FILE).exists()

    monkeypatch.setattr(dbt_graph, "_parsed", None)  # what a new process starts with
    parses = dbt_graph.parses()
    _submit(ws, "BTH-TUYPHONG", ["T-1", "T-2"])
    assert run_pipeline(ws).success
    assert dbt_graph.parses() == parses  # loaded, not parsed
    sql = "select unit_code, sum(registrations) from mart_registrations group by all order by 1"
    assert published_rows(ws, sql) == [("BTH-LAGI", 1), ("BTH-TUYPHONG", 2)]

    # A stored graph that cannot be read is parsed again, never trusted.
    (ws.dbt_target / dbt_graph.GRAPH_FILE).write_bytes(b"not a pickle")
    monkeypatch.setattr(dbt_graph, "_parsed", None)
    _submit(ws, "BTH-HAMTAN", ["H-1"])
    assert run_pipeline(ws).success
    assert dbt_graph.parses() == parses + 1
