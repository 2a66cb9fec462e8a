"""Great Expectations' SQL datasource on a DuckDB connection of ours, so expectations run as
queries in DuckDB and only their counts and a sample of failing rows come back to Python.

Two things of GX's generic SQL datasource do not hold for DuckDB, and this module mends them:
- GX runs each metric query on a pooled connection, closes it, then fetches: duckdb-engine loses
  the pending result with the connection, so every metric failed ("list index out of range",
  great_expectations#11579). Here the execution engine holds one connection for its lifetime,
  as GX itself does for SQLite.
- GX opens its own engine from a URL: here every connection is a cursor of the caller's DuckDB
  connection, so the checks see what it has attached and the table of the run's submissions.

Imported only when a run checks (it imports Great Expectations).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Literal

import duckdb
import sqlalchemy
from duckdb_engine import ConnectionWrapper
from great_expectations.datasource.fluent import SQLDatasource
from great_expectations.execution_engine import SqlAlchemyExecutionEngine

TYPE = "dvk_duckdb"
"""The datasource type: `context.data_sources.add_dvk_duckdb(...)`."""


class HeldConnectionEngine(SqlAlchemyExecutionEngine):
    """Every metric query on one connection, open until the engine is disposed."""

    @contextlib.contextmanager
    def get_connection(self) -> Iterator[sqlalchemy.Connection]:
        if not self._connection:
            self._connection = self.engine.connect()
        yield self._connection


class DuckDBCursorDatasource(SQLDatasource):
    """A SQL datasource whose connections are cursors of one DuckDB connection."""

    type: Literal["dvk_duckdb"] = TYPE

    @property
    def execution_engine_type(self) -> type[SqlAlchemyExecutionEngine]:
        return HeldConnectionEngine


def engine_kwargs(con: duckdb.DuckDBPyConnection, catalog: str) -> dict:
    """`create_engine` arguments for connections that are cursors of `con`, using `catalog`."""

    def cursor() -> ConnectionWrapper:
        connection = con.cursor()
        connection.execute(f"use {catalog}")
        return ConnectionWrapper(connection)

    return {"creator": cursor, "poolclass": sqlalchemy.pool.StaticPool}
