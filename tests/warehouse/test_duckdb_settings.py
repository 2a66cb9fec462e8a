"""One setting bounds every DuckDB of a run: the pipeline's connections, the publisher, dbt."""

from __future__ import annotations

import duckdb

from warehouse import duckdb_settings
from warehouse.duckdb_settings import connect


def _settings(con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    return con.execute(
        "select current_setting('memory_limit'), current_setting('threads')"
    ).fetchone()


def test_the_default_is_a_fraction_of_the_machine_capped_for_a_two_gib_run(monkeypatch):
    monkeypatch.delenv("DVK_DUCKDB_MEMORY", raising=False)
    megabytes = int(duckdb_settings.memory_limit().removesuffix("MB"))
    assert 0 < megabytes <= duckdb_settings.DEFAULT_MAX_MB
    with connect() as con, duckdb.connect() as unlimited:
        assert _settings(con)[0] != _settings(unlimited)[0]  # not DuckDB's 80 % of memory


def test_a_connection_takes_the_setting_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_DUCKDB_MEMORY", "300MB")
    monkeypatch.setenv("DVK_DUCKDB_THREADS", "1")
    with connect(tmp_path / "w.duckdb") as con:
        assert _settings(con) == ("286.1 MiB", 1)
