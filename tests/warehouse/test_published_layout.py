"""Contract v2 §4: the published marts are in the file's default schema, so every way a BI tool
names them works in DuckDB 2 and in an older DuckDB 1.x reader; a v1 workspace migrates."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from tests.duckdb1_reader import read_with_duckdb_1
from tests.warehouse.test_publish import _build_marts
from warehouse.publish import open_marts, publish, rollback, versions

NAMES = ("mart_x", "marts.mart_x", "marts.main.mart_x")


def _counts(con) -> list[int]:
    return [con.execute(f"select count(*) from {name}").fetchone()[0] for name in NAMES]


def test_every_name_of_a_mart_resolves_in_the_published_file(ws):
    _build_marts(ws, 1)
    publish(ws)
    safe = {"enable_external_access": False, "lock_configuration": True}
    with duckdb.connect(str(ws.marts), read_only=True, config=safe) as con:  # as in the README
        assert _counts(con) == [3, 3, 3]
        schemas = con.execute("select distinct table_schema from information_schema.tables")
        assert schemas.fetchall() == [("main",)]
        with pytest.raises(duckdb.Error):
            con.execute("select * from read_csv('/etc/passwd')")
        with pytest.raises(duckdb.Error):
            con.execute("set enable_external_access = true")


def test_a_duckdb_1_reader_names_the_marts_the_same_ways(ws):
    _build_marts(ws, 1)
    publish(ws)
    version, rows = read_with_duckdb_1(ws.marts, [f"select count(*) from {n}" for n in NAMES])
    assert version.startswith("1.") and rows == [[[3]]] * 3
    assert duckdb.__version__.startswith("2.")  # and this process reads it with DuckDB 2


def test_the_readme_sqlalchemy_and_superset_urls_are_read_only(ws):
    _build_marts(ws, 1)
    publish(ws)
    safe = {"enable_external_access": False, "lock_configuration": True}
    engine = sqlalchemy.create_engine(
        f"duckdb:///{ws.marts}", connect_args={"read_only": True, "config": safe}
    )
    superset = sqlalchemy.create_engine(f"duckdb:///{ws.marts}?{SUPERSET_QUERY}")
    for url in (engine, superset):
        with url.connect() as con:
            assert con.execute(sqlalchemy.text("select count(*) from marts.mart_x")).scalar() == 3
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                con.execute(sqlalchemy.text("create table main.t as select 1"))
        with url.connect() as con, pytest.raises(sqlalchemy.exc.DBAPIError):
            con.execute(sqlalchemy.text("select * from read_csv('/etc/passwd')"))
        with url.connect() as con, pytest.raises(sqlalchemy.exc.DBAPIError):
            con.execute(sqlalchemy.text("set enable_external_access = true"))
        url.dispose()


SUPERSET_QUERY = "access_mode=read_only&enable_external_access=false&lock_configuration=true"
"""The URI's query README.md gives for Superset's connection form."""


def _publish_v1(ws) -> str:
    """A version as layout 1 published it: schema `marts` in `marts.duckdb`, made current."""
    name = "20240101T000000.000000Z"
    folder = ws.versions / name
    (folder / "parquet").mkdir(parents=True)
    with duckdb.connect(str(folder / "marts.duckdb")) as con:
        con.execute(
            "create schema marts; create table marts.marts.mart_x as select 0 as version, 1 i"
        )
    record = {
        "version": name,
        "published_at": "2024-01-01T00:00:00",
        "run_id": "",
        "row_counts": {},
    }
    (folder / "version.json").write_text(json.dumps(record))
    os.link(folder / "marts.duckdb", ws.marts)
    (ws.parquet).symlink_to(Path("versions") / name / "parquet", target_is_directory=True)
    return name


def test_a_v1_workspace_migrates_on_its_next_publish_and_keeps_its_old_version(ws):
    ws.published.mkdir(parents=True, exist_ok=True)
    old = _publish_v1(ws)
    with open_marts(ws.marts) as con:  # the old layout still opens
        assert con.execute("select count(*) from mart_x").fetchone()[0] == 1
    _build_marts(ws, 1)
    publish(ws)
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        assert _counts(con) == [3, 3, 3]
    assert versions(ws)[0]["version"] == old
    assert versions(ws)[-1]["layout"] == 2
    rollback(ws, old)
    with open_marts(ws.marts) as con:
        assert con.execute("select max(version) from mart_x").fetchone()[0] == 0
