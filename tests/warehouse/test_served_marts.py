"""Server mode: the published marts served from a real PostgreSQL server, the same tables and
figures as `published/marts.duckdb`; row-level security by province for real login roles; a
reader during a publish sees the old version or the new one whole; the version replaced is
kept beside it."""

import threading

import duckdb
import psycopg
import pytest

from ingestion.writing.writers import write_json
from tests.conftest import demo_copy, info, registration
from tests.postgres_server import postgres_cluster
from tests.processes import dvk
from warehouse.served_marts import PREVIOUS, grant_reader, serve

pytestmark = [pytest.mark.slow, pytest.mark.server]

BINH_THUAN_2023 = (
    "select sum(registrations) from marts.mart_registrations "
    "where province_code = '60' and period_code = '2023'"
)


@pytest.fixture(scope="module")
def postgres():
    with postgres_cluster() as dsn:
        yield dsn


def _as(dsn: str, role: str) -> str:
    return dsn.replace("postgresql://postgres@", f"postgresql://{role}@")


def test_the_served_marts_are_the_published_ones(postgres, demo_made):
    marts = demo_made.home / "published" / "marts.duckdb"
    served = serve(postgres, marts)
    assert "mart_registrations" in served.tables and "mart_codes" not in served.secured
    with duckdb.connect(str(marts), read_only=True) as duck, psycopg.connect(postgres) as pg:
        for table, rows in served.tables.items():
            assert pg.execute(f'select count(*) from marts."{table}"').fetchone()[0] == rows
            assert duck.execute(f'select count(*) from "{table}"').fetchone()[0] == rows
        assert pg.execute(BINH_THUAN_2023).fetchone()[0] == 746  # seed 002
        labels = "select label_vi from marts.mart_codes where code_set = 'field' order by code"
        assert (
            pg.execute(labels).fetchall() == duck.execute(labels.replace("marts.", "")).fetchall()
        )
        # Empty text and no value stay apart; dates and booleans keep their types.
        kinds = pg.execute(
            "select data_type from information_schema.columns where table_schema = 'marts' "
            "and table_name = 'mart_submission_status' and column_name in ('deadline', 'on_time') "
            "order by column_name"
        ).fetchall()
        assert kinds == [("date",), ("boolean",)]
        # The data dictionary comes along: BI tools connected to Postgres show it too.
        described = pg.execute(
            "select obj_description('marts.mart_registrations'::regclass), "
            "col_description('marts.mart_registrations'::regclass, 1)"
        ).fetchone()
        assert described == (
            "Số mô hình đăng ký theo kỳ × đơn vị × lĩnh vực × chủ đề × cấp × tình trạng × chủ thể"
            " / Registrations by period × unit × field × theme × level × status × owner type",
            "Kỳ báo cáo: 2023, 2023-H1, 2023-Q1 / Reporting period",
        )
        nulls = "select count(*) from {}mart_submission_status where submitted_on is null"
        assert (
            pg.execute(nulls.format("marts.")).fetchone()[0]
            == (duck.execute(nulls.format("")).fetchone()[0])
        )


def test_each_province_reader_sees_its_own_rows_and_the_centre_all(postgres, demo_made):
    serve(postgres, demo_made.home / "published" / "marts.duckdb")
    grant_reader(postgres, "binh_thuan", ["60"], None)
    grant_reader(postgres, "centre", ["*"], None)
    provinces = "select distinct province_code from marts.mart_registrations order by 1"
    with psycopg.connect(_as(postgres, "binh_thuan")) as reader:
        assert reader.execute(provinces).fetchall() == [("60",)]
        assert reader.execute(BINH_THUAN_2023).fetchone()[0] == 746
        assert reader.execute("select count(*) from marts.mart_codes").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("delete from marts.mart_codes")
    with psycopg.connect(_as(postgres, "centre")) as centre:
        assert len(centre.execute(provinces).fetchall()) >= 3
    with psycopg.connect(postgres) as owner:
        owner.execute("create role stranger login")
        owner.commit()
    with (
        psycopg.connect(_as(postgres, "stranger")) as stranger,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        stranger.execute("select count(*) from marts.mart_registrations")


def test_a_reader_during_a_publish_sees_one_version_whole(postgres, demo_made, tmp_path):
    old = demo_made.home / "published" / "marts.duckdb"
    new = tmp_path / "marts.duckdb"
    with duckdb.connect() as copying:
        copying.execute(f"attach '{old}' as source (read_only)")
        copying.execute(f"attach '{new}' as target")
        copying.execute("copy from database source to target")
    with duckdb.connect(str(new)) as changed:
        changed.execute("update mart_registrations set registrations = registrations + 1")
    count = "select sum(registrations) from marts.mart_registrations"
    serve(postgres, old)
    with psycopg.connect(postgres) as pg:
        before = pg.execute(count).fetchone()[0]
        rows = pg.execute("select count(*) from marts.mart_registrations").fetchone()[0]
    seen, failures, stop = set(), [], threading.Event()

    def keep_reading() -> None:
        with psycopg.connect(postgres, autocommit=True) as reader:
            while not stop.is_set():
                try:
                    seen.add(reader.execute(count).fetchone()[0])
                except psycopg.Error as error:
                    failures.append(error)

    thread = threading.Thread(target=keep_reading)
    thread.start()
    try:
        serve(postgres, new)
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert seen <= {before, before + rows} and before in seen
    with psycopg.connect(postgres) as pg:
        assert pg.execute(count).fetchone()[0] == before + rows
    with psycopg.connect(postgres) as pg:  # the version replaced, kept beside it
        assert pg.execute(count.replace("marts.", f"{PREVIOUS}.")).fetchone()[0] == before
    serve(postgres, old)  # what `dvk publish --rollback` does after the file's rollback
    with psycopg.connect(postgres) as pg:
        assert pg.execute(count).fetchone()[0] == before


def test_dvk_run_serves_a_new_file_to_its_province_only_and_a_rollback_follows(
    postgres, demo_made, tmp_path
):
    home = demo_copy(demo_made, tmp_path / "demo")
    server = {"DVK_POSTGRES": postgres}
    for name, province in (("lam_dong", "68"), ("ha_nam", "35")):
        granted = dvk(home, "readers", "grant", name, "--province", province, env=server)
        assert granted.returncode == 0, granted.stderr[-2000:]
    rows = [registration(model_code=f"MN26-{n}", status="Mới", level="Cấp xã") for n in range(3)]
    sent = info(unit_code="LAMDONG-MUINE", period="2026-H1", submitted_on="10/07/2026", version=3)
    write_json(home / "inbox" / "muine_2026.json", sent, {"registrations": rows})
    run = dvk(home, "run", env=server)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "muine_2026.json: accepted" in run.stdout, run.stdout[-2000:]

    new = (
        "select count(*) from marts.mart_registration_rows "
        "where unit_code = 'LAMDONG-MUINE' and model_code like 'MN26-%'"
    )
    with psycopg.connect(_as(postgres, "lam_dong")) as lam_dong:
        assert lam_dong.execute(new).fetchone()[0] == 3  # the upload, served to its province
    with psycopg.connect(_as(postgres, "ha_nam")) as ha_nam:
        assert ha_nam.execute(new).fetchone()[0] == 0  # and to no other

    rolled = dvk(home, "publish", "--rollback", env=server)
    assert rolled.returncode == 0, rolled.stderr[-2000:]
    assert "Served from PostgreSQL too" in rolled.stdout
    with psycopg.connect(postgres) as pg:
        assert pg.execute(new).fetchone()[0] == 0  # the served version followed the file's
