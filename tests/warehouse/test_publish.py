"""Publishing beside a BI reader that holds the marts open in another process."""

import subprocess
import sys

import duckdb
import pytest

from tests.bi_reader import start_reader, stop_reader
from warehouse.publish import PublishError, publish

QUERY = "select min(version), count(*) from marts.marts.mart_x"


def _build_marts(ws, version: int) -> None:
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create schema if not exists marts")
        con.execute(
            f"create or replace table marts.mart_x as select {version} as version, i "
            "from range(3) t(i)"
        )


def test_a_reader_keeps_its_version_while_publishes_replace_the_file(ws, tmp_path):
    _build_marts(ws, 1)
    publish(ws)
    stop = tmp_path / "stop"
    reader = start_reader(ws.marts, QUERY, stop)
    for version in (2, 3, 4):
        _build_marts(ws, version)
        publish(ws)
    assert stop_reader(reader, stop) == "queries>0 errors=[] seen=[(1, 3)]"
    # A new reader in another process sees the last publish, whole.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import duckdb; print(duckdb.connect({str(ws.marts)!r}, "
            f"read_only=True).execute({QUERY!r}).fetchone())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip() == "(4, 3)"
    assert (ws.parquet / "mart_x.parquet").exists()
    assert sorted(p.name for p in ws.published.iterdir()) == ["marts.duckdb", "parquet"]


def test_publishing_an_empty_warehouse_fails_and_keeps_the_published_file(ws):
    _build_marts(ws, 1)
    publish(ws)
    before = ws.marts.read_bytes()
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("drop table marts.mart_x")
    with pytest.raises(PublishError, match="no tables in schema marts"):
        publish(ws)
    assert ws.marts.read_bytes() == before
    assert sorted(p.name for p in ws.published.iterdir()) == ["marts.duckdb", "parquet"]
