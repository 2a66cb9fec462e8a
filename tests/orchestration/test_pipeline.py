"""The whole graph on the demo data: a real DuckDB file, a real `dbt build`, Dagster's own
`materialize`, then the same job again as `dvk run` runs it."""

import shutil

import dagster as dg
import duckdb
import pytest

from demo.figures import compute
from demo.submissions import write_demo_inbox
from orchestration.dbt_project import dbt_resource
from orchestration.pipeline import run_pipeline
from orchestration.resources import WorkspaceResource
from tests.conftest import demo_workspace, published_rows
from warehouse.reports import INFERRED_IDENTITIES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    from orchestration.definitions import defs

    ws = demo_workspace(tmp_path_factory.mktemp("demo") / "home")
    files = write_demo_inbox(ws.inbox)
    sources = tmp_path_factory.mktemp("sent")
    for path in ws.inbox.iterdir():
        shutil.copy(path, sources / path.name)
    result = dg.materialize(
        list(defs.assets),
        resources={"workspace": WorkspaceResource(home=str(ws.home)), "dbt": dbt_resource()},
    )
    assert result.success
    return ws, files, sources


def _snapshot(ws) -> dict[str, list[tuple]]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        ]
        return {
            t: con.execute(f"select * from marts.marts.{t} order by all").fetchall() for t in tables
        }


def test_the_demo_reproduces_the_published_figures(demo_ws):
    ws, _, _ = demo_ws
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        figures = compute(con)
    assert [(f.label, value) for f, value in figures] == [
        (f.label, f.published) for f, _ in figures
    ]
    assert published_rows(ws, "select sum(registrations), sum(models) from mart_registrations") == [
        (746, 746)
    ]


def test_rows_carry_the_province_as_reported_and_todays(demo_ws):
    ws, _, _ = demo_ws
    assert published_rows(
        ws,
        "select distinct province_code, province_name, current_province_code, "
        "current_province_name from mart_registrations",
    ) == [("60", "Tỉnh Bình Thuận", "68", "Tỉnh Lâm Đồng")]


def test_mart_columns_are_those_of_the_contract(demo_ws):
    ws, _, _ = demo_ws
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        columns = [r[0] for r in con.execute("describe marts.marts.mart_registrations").fetchall()]
    assert columns == [
        "period_code",
        "period_type",
        "period_start",
        "period_end",
        "unit_code",
        "unit_name",
        "province_code",
        "province_name",
        "current_province_code",
        "current_province_name",
        "field",
        "theme",
        "level",
        "status",
        "owner_type",
        "registrations",
        "models",
    ]


def test_a_later_version_supersedes_and_every_version_stays_raw(demo_ws):
    ws, files, _ = demo_ws
    tuy_phong = [f for f in files if f.unit_code == "BTH-TUYPHONG"]
    assert [f.version for f in tuy_phong] == [1, 2]
    assert published_rows(
        ws, "select sum(registrations) from mart_registrations where unit_code = 'BTH-TUYPHONG'"
    ) == [(tuy_phong[1].rows,)]
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        raw = con.execute(
            "select s.version, count(*) from raw.registrations r join raw.submissions s "
            "using (submission_id) where s.unit_code = 'BTH-TUYPHONG' group by 1 order by 1"
        ).fetchall()
        lineage = con.execute(
            "select count(*) from core.fct_registrations f join raw.registrations r "
            "using (submission_id, row_number) where f.model_name = r.model_name"
        ).fetchone()[0]
    assert raw == [(1, tuy_phong[0].rows), (2, tuy_phong[1].rows)]
    assert lineage == 746


def test_the_rejected_file_is_quarantined_and_adds_nothing(demo_ws):
    ws, files, _ = demo_ws
    (rejected,) = [f for f in files if not f.accepted]
    receipts = list(ws.quarantine.glob("*.receipt.md"))
    assert len(receipts) == 1
    assert rejected.name in receipts[0].read_text()
    assert len(list(ws.archive.iterdir())) == len(files) - 1


def test_running_again_over_the_same_inbox_publishes_identical_marts(demo_ws):
    ws, files, sources = demo_ws
    before = _snapshot(ws)
    for path in sources.iterdir():
        shutil.copy(path, ws.inbox / path.name)
    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    assert outcome.metadata["raw/submissions"]["duplicates"] == len(files)
    assert outcome.metadata["raw/submissions"]["accepted"] == 0
    assert _snapshot(ws) == before
    assert list(ws.inbox.iterdir()) == []


def test_identities_inferred_from_names_are_listed_for_the_data_team(demo_ws):
    ws, _, _ = demo_ws
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        expected = con.execute(
            "select count(distinct model_key) from core.fct_registrations where model_code is null"
        ).fetchone()[0]
    lines = (ws.reports / INFERRED_IDENTITIES).read_text("utf-8").splitlines()
    assert lines[0].startswith("unit_code,model_name,model_name_key,")
    assert len(lines) - 1 == expected > 0
