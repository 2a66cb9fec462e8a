"""Facts load by submission: a new version replaces only its unit × period, across runs, and a
warehouse rebuilt from archive/ alone publishes the same marts."""

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import award, info, published_rows, registration

pytestmark = pytest.mark.slow

PER_UNIT = (
    "select unit_code, sum(registrations) from mart_registrations "
    "where period_code = '2023' group by 1 order by 1"
)


def _rows(count: int, prefix: str) -> list[dict]:
    return [registration(model_code=f"{prefix}-{i}") for i in range(count)]


def _snapshot(ws) -> list[tuple]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        tables = ["mart_registrations", "mart_awards", "mart_models", "mart_submission_status"]
        return [con.execute(f"select * from marts.{t} order by all").fetchall() for t in tables]


def _run(ws) -> None:
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure


def test_versions_arriving_in_later_runs_replace_only_their_unit_period(ws):
    write_json(ws.inbox / "tp1.json", info(version=1), {"registrations": _rows(3, "A")})
    write_json(ws.inbox / "lg.json", info(unit_code="BTH-LAGI"), {"registrations": _rows(2, "L")})
    _run(ws)
    assert published_rows(ws, PER_UNIT) == [("BTH-LAGI", 2), ("BTH-TUYPHONG", 3)]

    write_json(ws.inbox / "tp2.json", info(version=2), {"registrations": _rows(1, "B")})
    _run(ws)
    assert published_rows(ws, PER_UNIT) == [("BTH-LAGI", 2), ("BTH-TUYPHONG", 1)]

    # Version 3 carries no registrations at all: the unit's earlier rows must go.
    write_json(ws.inbox / "tp3.json", info(version=3), {"awards": [award()]})
    _run(ws)
    assert published_rows(ws, PER_UNIT) == [("BTH-LAGI", 2)]
    assert published_rows(ws, "select sum(awards) from mart_awards") == [(1,)]
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from core.fct_registrations").fetchone() == (2,)

    before = _snapshot(ws)
    ws.warehouse.unlink()
    _run(ws)
    assert _snapshot(ws) == before
