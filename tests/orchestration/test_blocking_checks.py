"""Blocking checks gate the publish: a failure leaves `published/` as it was and fails `dvk run`."""

import duckdb
import pytest

from ingestion.format.raw_tables import create_raw_tables
from ingestion.writing.writers import write_json
from quality.mart_audits import AUDITS
from quality.raw_rows import check_loaded_rows
from tests.conftest import info, registration
from tests.orchestration.test_cli import dvk
from warehouse.publish import versions

FIELD_TEST = "core/fct_registrations:in_code_set_fct_registrations_field__field"


def _published_bytes(ws) -> dict[str, bytes]:
    files = [ws.marts, *sorted(ws.parquet.glob("*.parquet"))]
    return {path.name: path.read_bytes() for path in files}


@pytest.mark.slow
def test_a_failing_blocking_check_keeps_the_published_marts_and_fails_the_run(ws):
    write_json(ws.inbox / "tp.json", info(), {"registrations": [registration()]})
    assert dvk("run", home=ws.home).returncode == 0
    before, kept = _published_bytes(ws), versions(ws)

    # A defect no office can send (validation would reject it) but a loader bug could write:
    # a registration whose field code is outside the list. The full refresh reads it.
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute(
            "insert into raw.registrations select * replace (99 as row_number, 'XX' as field) "
            "from raw.registrations limit 1"
        )
    lagi = info(unit_code="BTH-LAGI")
    write_json(ws.inbox / "lg.json", lagi, {"registrations": [registration(model_code="L-1")]})
    result = dvk("run", "--full-refresh", home=ws.home)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"blocking check failed: {FIELD_TEST}" in result.stderr
    assert f"The published marts were left as they were: {ws.marts}" in result.stderr
    assert _published_bytes(ws) == before
    assert versions(ws) == kept
    # The new file itself was processed and kept: only the publish was held back.
    assert "accepted 1, rejected 0" in result.stdout
    assert not any(ws.inbox.iterdir())


def test_the_raw_schema_check_names_the_row_and_column_of_a_bad_loaded_row(warehouse):
    create_raw_tables(warehouse)
    warehouse.execute(
        "insert into raw.registrations (submission_id, sheet_name, row_number, model_code, "
        "model_name, model_name_key, field, owner_type, owner_name, level, status) values "
        "('abc123', 'Đăng ký', 7, 'M1', 'Mô hình', 'mo hinh', 'XX', 'tap_the', 'Hội', 'huyen', "
        "'moi'), ('other', 'Đăng ký', 8, 'M2', 'Mô hình', 'mo hinh', 'XX', 'tap_the', 'Hội', "
        "'huyen', 'moi')"
    )
    rows, failures = check_loaded_rows(warehouse, ["abc123"])["registrations"]
    assert rows == 1  # only the files of the run are checked
    assert [(f["file"], f["row"], f["column"]) for f in failures] == [("abc123", 7, "field")]
    assert "isin" in failures[0]["check"]


def test_the_audits_find_a_mart_that_does_not_add_up(warehouse):
    warehouse.execute("create schema core; create schema marts")
    warehouse.execute("create table core.fct_registrations as select range as id from range(5)")
    warehouse.execute("create table core.fct_awards as select range as id from range(2)")
    warehouse.execute(
        "create table marts.mart_registrations as select 3 as registrations, "
        "'60' as current_province_code union all select 1, null"
    )
    warehouse.execute("create table marts.mart_awards as select 2 as awards")
    found = {audit.name: audit.find(warehouse) for audit in AUDITS}
    assert found == {
        "registrations_add_up": [(4, 5)],
        "awards_add_up": [],
        "current_province_mapped": [("mart_registrations", 1)],
    }
