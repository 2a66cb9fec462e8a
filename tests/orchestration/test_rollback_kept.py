"""A run after a rollback keeps it until new files arrive: a rollback is a person's decision
that the newest version was wrong, and a run with nothing new (the sensor, the nightly rebuild)
would otherwise publish the same data again without a word (issue #33)."""

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration.cli import main
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, registration
from warehouse.publish import current_version, rollback, versions

pytestmark = pytest.mark.slow


def _send(ws, unit: str) -> None:
    rows = [registration(model_code=f"{unit[-3:]}-1", model_name=f"Mô hình {unit}")]
    write_json(ws.inbox / f"{unit}.json", info(unit_code=unit), {"registrations": rows})


def _units(ws) -> list[str]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        found = con.execute("select distinct unit_code from mart_registration_rows order by 1")
        return [unit for (unit,) in found.fetchall()]


def test_a_run_with_nothing_new_keeps_a_rollback_and_new_files_end_it(tmp_path, capsys):
    ws = demo_workspace(tmp_path / "home")
    for unit in ("BTH-TUYPHONG", "BTH-LAGI"):
        _send(ws, unit)
        assert run_pipeline(ws, log_level="WARNING").success
    first, newest = (record["version"] for record in versions(ws))
    assert rollback(ws) == first

    assert main(["--home", str(ws.home), "run"]) == 0
    printed = capsys.readouterr().out
    assert f"Version {first} stays published: it was rolled back to from {newest}" in printed
    assert current_version(ws) == first and len(versions(ws)) == 2
    assert _units(ws) == ["BTH-TUYPHONG"]  # before: BTH-LAGI published again, without a word
    assert run_pipeline(ws, log_level="WARNING", full_refresh=True).success  # the nightly
    assert current_version(ws) == first
    assert rollback(ws, newest) == newest  # forward again: the rollback is over
    assert not (ws.published / "rollback.json").exists()
    assert rollback(ws, first) == first and (ws.published / "rollback.json").exists()

    _send(ws, "BTH-HAMTAN")
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    assert current_version(ws) == outcome.metadata["published/marts"]["version"] != first
    assert _units(ws) == ["BTH-HAMTAN", "BTH-LAGI", "BTH-TUYPHONG"]
