"""The published file's layout: its schema of marts (`main`, layout 2; `marts` in layout 1, kept
for rollback), the storage version BI tools can read, and a read-only connection that resolves
`mart_x` in either layout."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.duckdb_settings import connect

MARTS_SCHEMA = "marts"
"""The warehouse's schema of marts."""


PUBLISHED_SCHEMA = "main"
"""The published file's schema of marts (layout 2; layout 1 used `marts`)."""


STORAGE_VERSION = "v1.0.0"


def mart_tables(
    con: duckdb.DuckDBPyConnection, catalog: str, schema: str = MARTS_SCHEMA
) -> list[str]:
    """The tables of `catalog.schema` (the marts by default), by name."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = ? order by table_name",
        [catalog, schema],
    ).fetchall()
    return [name for (name,) in rows]


def published_schema(con: duckdb.DuckDBPyConnection, catalog: str = "marts") -> str:
    """The schema holding the marts in a published file: `main`, or `marts` in a version
    published before layout 2 (kept for rollback)."""
    if mart_tables(con, catalog, PUBLISHED_SCHEMA):
        return PUBLISHED_SCHEMA
    return MARTS_SCHEMA if mart_tables(con, catalog, MARTS_SCHEMA) else PUBLISHED_SCHEMA


@contextlib.contextmanager
def open_marts(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a published file, its marts schema in use: `mart_x` resolves
    whatever the layout of the version."""
    with connect(path, read_only=True) as con:
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'use "{catalog}"."{published_schema(con, catalog)}"')
        yield con


def quoted(path: Path) -> str:
    """A path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
