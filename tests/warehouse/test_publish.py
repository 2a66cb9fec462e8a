"""Publishing beside BI readers in other processes, and rolling back to a kept version."""

import ast
import os
import subprocess
import sys
import time

import duckdb
import pytest

from tests.bi_reader import start_reader, stop_reader
from warehouse.publish import PublishError, publish, rollback, versions

# One whole version: both marts hold the same version number, three rows each.
QUERY = (
    "select (select min(version) from marts.mart_x), "
    "(select max(version) from marts.mart_x), (select count(*) from marts.mart_x), "
    "(select min(version) from marts.mart_y), (select count(*) from marts.mart_y)"
)


def _build_marts(ws, version: int) -> None:
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create schema if not exists marts")
        for table in ("mart_x", "mart_y"):
            con.execute(
                f"create or replace table marts.{table} as select {version} as version, i "
                "from range(3) t(i)"
            )


def _whole(version: int) -> tuple:
    return (version, version, 3, version, 3)


def _read_published(ws) -> tuple:
    """What a new reader in another process sees, in the database file and in Parquet."""
    code = (
        "import duckdb\n"
        f"con = duckdb.connect({str(ws.marts)!r}, read_only=True)\n"
        f"print(con.execute({QUERY!r}).fetchone())\n"
        'print(duckdb.connect().execute("select min(version), count(*) from '
        f"'{ws.parquet}/mart_y.parquet'\").fetchone())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return tuple(ast.literal_eval(line) for line in out.stdout.splitlines())


def test_readers_see_one_whole_version_while_three_publishes_happen(ws, tmp_path):
    _build_marts(ws, 1)
    publish(ws)
    holding = start_reader(ws.marts, QUERY, tmp_path / "stop-hold", "hold")
    refreshing = start_reader(ws.marts, QUERY, tmp_path / "stop-refresh", "reconnect")
    for version in (2, 3, 4):
        _build_marts(ws, version)
        publish(ws)
        time.sleep(0.3)  # let the refreshing reader see this version
    # The holding reader keeps the version it opened; the refreshing one moves with the
    # publishes; neither errs, and no query mixes two versions.
    assert stop_reader(holding, tmp_path / "stop-hold") == f"queries>0 errors=[] seen={[_whole(1)]}"
    seen = stop_reader(refreshing, tmp_path / "stop-refresh")
    assert seen.startswith("queries>0 errors=[] seen=")
    assert set(ast.literal_eval(seen.split("seen=")[1])) <= {_whole(v) for v in (1, 2, 3, 4)}
    assert _whole(4) in ast.literal_eval(seen.split("seen=")[1])
    assert _read_published(ws) == (_whole(4), (4, 3))
    assert sorted(p.name for p in ws.published.iterdir()) == [
        "current",
        "marts.duckdb",
        "parquet",
        "versions",
    ]
    assert os.readlink(ws.marts) == "current/marts.duckdb"
    assert os.readlink(ws.parquet) == "current/parquet"


def test_a_workspace_whose_files_were_links_to_a_version_moves_to_current(ws):
    """The layout before `current`: `marts.duckdb` a hard link, `parquet` a link to a version."""
    _build_marts(ws, 1)
    first = publish(ws).version
    ws.current.unlink()
    ws.marts.unlink()
    os.link(ws.versions / first / "marts.duckdb", ws.marts)
    ws.parquet.unlink()
    ws.parquet.symlink_to(f"versions/{first}/parquet", target_is_directory=True)
    assert [(v["version"], v["current"]) for v in versions(ws)] == [(first, True)]
    _build_marts(ws, 2)
    second = publish(ws).version
    assert os.readlink(ws.current) == f"versions/{second}"
    assert os.readlink(ws.marts) == "current/marts.duckdb"
    assert _read_published(ws) == (_whole(2), (2, 3))
    assert [v["current"] for v in versions(ws)] == [False, True]


def test_versions_are_kept_and_a_rollback_restores_the_previous_one(ws, monkeypatch):
    monkeypatch.setenv("DVK_KEEP_VERSIONS", "3")
    published = []
    for version in (1, 2, 3, 4):
        _build_marts(ws, version)
        published.append(publish(ws, run_id=f"run-{version}").version)
    kept = versions(ws)
    assert [v["version"] for v in kept] == published[1:]  # the oldest pruned
    assert [v["current"] for v in kept] == [False, False, True]
    assert kept[-1]["run_id"] == "run-4" and kept[-1]["row_counts"] == {"mart_x": 3, "mart_y": 3}

    assert rollback(ws) == published[2]
    assert _read_published(ws) == (_whole(3), (3, 3))
    assert rollback(ws) == published[1]
    assert _read_published(ws) == (_whole(2), (2, 3))
    with pytest.raises(PublishError, match="no earlier version"):
        rollback(ws)
    assert rollback(ws, to=published[3]) == published[3]
    assert _read_published(ws) == (_whole(4), (4, 3))
    with pytest.raises(PublishError, match="no version nope"):
        rollback(ws, to="nope")


def test_publishing_an_empty_warehouse_fails_and_keeps_the_published_version(ws):
    _build_marts(ws, 1)
    first = publish(ws).version
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("drop table marts.mart_x")
        con.execute("drop table marts.mart_y")
    with pytest.raises(PublishError, match="no tables in schema marts"):
        publish(ws)
    assert _read_published(ws) == (_whole(1), (1, 3))
    assert [(v["version"], v["current"]) for v in versions(ws)] == [(first, True)]
    assert sorted(os.listdir(ws.published / "versions")) == [first]


def test_a_workspace_published_before_versions_existed_moves_to_versions(ws):
    (ws.published / "parquet").mkdir(parents=True)
    (ws.published / "parquet" / "mart_old.parquet").write_bytes(b"old")
    _build_marts(ws, 1)
    publish(ws)
    assert ws.parquet.is_symlink()
    assert sorted(p.name for p in ws.parquet.iterdir()) == ["mart_x.parquet", "mart_y.parquet"]
