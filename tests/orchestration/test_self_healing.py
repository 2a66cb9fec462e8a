"""A damaged warehouse recovers by itself in one `dvk run`; a busy one is never rebuilt."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_marts, published_rows, registration
from tests.orchestration.test_cli import dvk
from tests.warehouse.test_recovery import HOLD
from warehouse.publish import versions
from warehouse.workspace import Workspace

pytestmark = pytest.mark.slow

UNITS = ["BTH-TUYPHONG", "BTH-LAGI", "BTH-PHANTHIET", "BTH-BACBINH"]


def _inputs(ws) -> None:
    for number, unit in enumerate(UNITS):
        rows = [registration(model_code=f"{unit}-{i}") for i in range(number + 2)]
        write_json(ws.inbox / f"{unit}.json", info(unit_code=unit), {"registrations": rows})


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A workspace after one run, and its published marts: each test damages a copy."""
    ws = demo_workspace(tmp_path_factory.mktemp("published") / "home")
    _inputs(ws)
    assert run_pipeline(ws).success
    return ws, published_marts(ws)


def _copy(published, tmp_path) -> Workspace:
    ws = Workspace.from_env(tmp_path / "home")
    shutil.copytree(published[0].home, ws.home, symlinks=True)
    return ws


def _audit_text(ws) -> str:
    latest = max(p for p in ws.audit_reports.glob("*.html") if p.name != "index.html")
    return latest.read_text("utf-8")


def _submissions(ws) -> int:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return con.execute("select count(*) from raw.submissions").fetchone()[0]


def test_a_truncated_warehouse_is_set_aside_and_rebuilt_in_the_same_run(published, tmp_path):
    ws = _copy(published, tmp_path)
    before = len(versions(ws))
    os.truncate(ws.warehouse, 300_000)
    again = dvk("run", home=ws.home)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "damaged" in again.stderr and "rebuilds the warehouse" in again.stderr
    assert len(list(ws.home.glob("warehouse.duckdb.damaged-*"))) == 1
    assert _submissions(ws) == len(UNITS)  # every file's data, from archive/
    assert len(versions(ws)) == before + 1 and published_marts(ws) == published[1]
    assert "Khôi phục" in _audit_text(ws) and "is damaged" in _audit_text(ws)


def _scramble_middle(ws) -> None:
    """Garbage over the middle third of the file, past its headers and metadata: the file
    opens, and blocks a step reads fail their checksum."""
    size = ws.warehouse.stat().st_size
    with ws.warehouse.open("r+b") as handle:
        handle.seek(12288 + (size - 12288) // 3)
        handle.write(os.urandom((size - 12288) // 3))


def test_blocks_that_fail_their_checksum_mid_run_are_recovered_in_the_same_run(published, tmp_path):
    ws = _copy(published, tmp_path)
    _scramble_middle(ws)
    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    assert outcome.recovered_from and "checksum" in outcome.recovered_from.lower()
    assert _submissions(ws) == len(UNITS) and published_marts(ws) == published[1]
    assert "damaged" in _audit_text(ws)


def test_a_warehouse_held_open_elsewhere_makes_the_run_fail_clearly_not_rebuild(
    published, tmp_path, monkeypatch
):
    ws = _copy(published, tmp_path)
    before = ws.warehouse.stat().st_ino
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ws.warehouse), "120"], stdout=subprocess.PIPE, text=True
    )
    monkeypatch.setenv("DVK_WAREHOUSE_WAIT", "1")
    try:
        assert holder.stdout.readline().strip() == "open"
        outcome = run_pipeline(ws)
    finally:
        holder.kill()
        holder.wait()
    assert not outcome.success
    assert f"PID {holder.pid}" in outcome.failure and "published/marts.duckdb" in outcome.failure
    assert ws.warehouse.stat().st_ino == before
    assert not list(ws.home.glob("warehouse.duckdb.damaged-*"))


def test_a_damaged_published_version_is_replaced_by_a_whole_copy_on_the_next_publish(
    published, tmp_path
):
    ws = _copy(published, tmp_path)
    current = ws.current.resolve() / "marts.duckdb"
    size = current.stat().st_size
    with current.open("r+b") as handle:  # the version BI tools read, damaged past its headers
        handle.seek(12288 + (size - 12288) // 3)
        handle.write(os.urandom((size - 12288) // 3))
    rows = [registration(model_code="HAMTAN-NEW")]
    write_json(ws.inbox / "hamtan.json", info(unit_code="BTH-HAMTAN"), {"registrations": rows})
    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    latest = versions(ws)[-1]
    assert latest["current"] and set(latest["copied"].values()) == {"whole"}
    assert "could not be updated" in latest["copied_whole_because"]
    assert ws.marts.resolve() != current
    new = "select count(*) from mart_models where model_code = 'HAMTAN-NEW'"
    assert published_rows(ws, new) == [(1,)]  # the new version whole, with the new file's rows
