"""Publishing beside a BI reader that holds the marts open in another process."""

import subprocess
import sys
import textwrap

import duckdb
import pytest

from warehouse.publish import PublishError, publish

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    seen = set()
    deadline = time.time() + 60
    while time.time() < deadline:
        version, rows = con.execute(
            "select min(version), count(*) from marts.marts.mart_x"
        ).fetchone()
        assert rows == 3 and version == 1, (version, rows)
        seen.add(version)
        if sys.stdin.readline().strip() == "stop":
            break
    print("versions", sorted(seen), flush=True)
    """
)


def _build_marts(ws, version: int) -> None:
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create schema if not exists marts")
        con.execute(
            f"create or replace table marts.mart_x as select {version} as version, i "
            "from range(3) t(i)"
        )


def test_a_reader_keeps_its_version_while_publishes_replace_the_file(ws):
    _build_marts(ws, 1)
    publish(ws)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(ws.marts)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "open"
    for version in (2, 3, 4):
        _build_marts(ws, version)
        publish(ws)
        reader.stdin.write("go\n")
        reader.stdin.flush()
    reader.stdin.write("stop\n")
    reader.stdin.flush()
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0
    assert "versions [1]" in out
    # A new reader in another process sees the last publish, whole.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import duckdb; print(duckdb.connect({str(ws.marts)!r}, "
            "read_only=True).execute('select min(version), count(*) from marts.marts.mart_x')"
            ".fetchone())",
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
