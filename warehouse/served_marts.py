"""The published marts served from PostgreSQL, in server mode (`DVK_POSTGRES`, a libpq
connection string; docs/deployment.md). Each publish loads the new version into a schema of its
own, then swaps it in as `marts` in one transaction: a reader in the middle of a query reads the
old tables to its end, the next query the new ones, never a mix. The version it replaced stays
as `marts_previous`. `dvk publish --rollback` serves the version the DuckDB file rolled back
to, so the two always hold the same version.

Readers: BI users and province accounts are login roles in `dvk_reader`, which may read the
served marts and nothing else. Row-level security by province: every mart with a province
column shows a reader only the rows of the provinces `dvk_access.reader_provinces` gives it (by
the province as reported or today's); `*` is the centre, which sees every row. Tables and
columns keep the names of `published/marts.duckdb`.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from warehouse.data_dictionary import comment_statements
from warehouse.errors import ServingError

SERVED, PREVIOUS, LOADING = "marts", "marts_previous", "marts_loading"
READER = "dvk_reader"
ACCESS = "dvk_access"
PROVINCE_COLUMNS = ("province_code", "current_province_code")
EVERY_PROVINCE = "*"
TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}
"""DuckDB type → PostgreSQL type; any other (lists, structs) is served as its text."""
CHUNK = 1 << 20


@dataclass(frozen=True)
class Served:
    tables: dict[str, int]
    """Table → rows loaded."""
    secured: tuple[str, ...]
    """The tables read through row-level security by province."""


def configured() -> str | None:
    """The server mode's database, or None in the embedded default: a libpq connection string
    or URL. A SQLAlchemy URL naming its driver (`postgresql+psycopg2://…`, which Dagster's
    storage needs in deploy/dagster.yaml) is read without the driver."""
    dsn = os.environ.get("DVK_POSTGRES") or None
    return re.sub(r"^postgresql\+\w+://", "postgresql://", dsn) if dsn else None


def serve(dsn: str, marts: Path) -> Served:
    """Load `marts` (a published marts.duckdb) and swap it in as the served version."""
    loaded, secured = {}, []
    with (
        duckdb.connect(str(marts), read_only=True) as duck,
        _connect(dsn) as pg,
        tempfile.TemporaryDirectory(prefix="dvk-serve-") as scratch,
    ):
        _prepare(pg)
        pg.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(LOADING)))
        pg.execute(sql.SQL("create schema {}").format(sql.Identifier(LOADING)))
        tables = _tables(duck)
        for table, columns in tables.items():
            loaded[table] = _load(duck, pg, table, columns, Path(scratch))
            if any(name in PROVINCE_COLUMNS for name, _ in columns):
                _secure(pg, table, [name for name, _ in columns if name in PROVINCE_COLUMNS])
                secured.append(table)
        described = {table: [name for name, _ in columns] for table, columns in tables.items()}
        for statement in comment_statements("", LOADING, described):  # data_dictionary
            pg.execute(statement)
        pg.execute(
            sql.SQL("grant usage on schema {} to {}").format(
                sql.Identifier(LOADING), sql.Identifier(READER)
            )
        )
        pg.execute(
            sql.SQL("grant select on all tables in schema {} to {}").format(
                sql.Identifier(LOADING), sql.Identifier(READER)
            )
        )
        _swap(pg, ((PREVIOUS, None), (SERVED, PREVIOUS), (LOADING, SERVED)))
        pg.commit()
    return Served(loaded, tuple(secured))


def grant_reader(dsn: str, role: str, provinces: list[str], password: str | None) -> None:
    """A login role reading the served marts, of the given provinces (`*`: every one)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ServingError(f"{role!r}: a role name is lower-case letters, digits and _")
    with _connect(dsn) as pg:
        _prepare(pg)
        exists = pg.execute("select 1 from pg_roles where rolname = %s", [role]).fetchone()
        verb = "alter" if exists else "create"
        statement = sql.SQL(verb + " role {} login" + (" password {}" if password else ""))
        arguments = [sql.Identifier(role)] + ([sql.Literal(password)] if password else [])
        pg.execute(statement.format(*arguments))
        pg.execute(sql.SQL("grant {} to {}").format(sql.Identifier(READER), sql.Identifier(role)))
        pg.execute(
            sql.SQL("delete from {}.reader_provinces where role_name = %s").format(
                sql.Identifier(ACCESS)
            ),
            [role],
        )
        for province in provinces:
            pg.execute(
                sql.SQL("insert into {}.reader_provinces values (%s, %s)").format(
                    sql.Identifier(ACCESS)
                ),
                [role, province],
            )
        pg.commit()


def _connect(dsn: str) -> psycopg.Connection:
    """A connection to the server, or a ServingError that says which server and why."""
    try:
        return psycopg.connect(dsn, connect_timeout=10)
    except psycopg.OperationalError as error:
        where = re.sub(r"://[^@/]*@", "://…@", dsn)  # never print a password
        raise ServingError(f"cannot reach PostgreSQL at {where} (DVK_POSTGRES): {error}") from None


def _prepare(pg: psycopg.Connection) -> None:
    """The reader role and the access table, made once."""
    if not pg.execute("select 1 from pg_roles where rolname = %s", [READER]).fetchone():
        pg.execute(sql.SQL("create role {} nologin").format(sql.Identifier(READER)))
    pg.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(ACCESS)))
    pg.execute(
        sql.SQL(
            "create table if not exists {}.reader_provinces "
            "(role_name name not null, province_code text not null, "
            "primary key (role_name, province_code))"
        ).format(sql.Identifier(ACCESS))
    )
    pg.execute(
        sql.SQL("grant usage on schema {} to {}").format(
            sql.Identifier(ACCESS), sql.Identifier(READER)
        )
    )
    pg.execute(
        sql.SQL("grant select on {}.reader_provinces to {}").format(
            sql.Identifier(ACCESS), sql.Identifier(READER)
        )
    )


def _tables(duck: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = duck.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'main' "
        "order by table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return tables


def _load(
    duck: duckdb.DuckDBPyConnection,
    pg: psycopg.Connection,
    table: str,
    columns: list[tuple[str, str]],
    scratch: Path,
) -> int:
    """One table through CSV: DuckDB writes it, PostgreSQL's COPY parses it (no row in Python)."""
    definitions = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(TYPES.get(kind, "text")))
        for name, kind in columns
    )
    pg.execute(
        sql.SQL("create table {}.{} ({})").format(
            sql.Identifier(LOADING), sql.Identifier(table), definitions
        )
    )
    selected = ", ".join(
        f'"{name}"' if kind in TYPES else f'cast("{name}" as varchar) as "{name}"'
        for name, kind in columns
    )
    path = scratch / f"{table}.csv"
    duck.execute(
        f"copy (select {selected} from \"{table}\") to '{path}' "
        "(format csv, header false, force_quote *)"
    )
    copy = sql.SQL("copy {}.{} from stdin (format csv)").format(
        sql.Identifier(LOADING), sql.Identifier(table)
    )
    with pg.cursor() as cursor, cursor.copy(copy) as writer, path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            writer.write(chunk)
    path.unlink()
    return duck.execute(f'select count(*) from "{table}"').fetchone()[0]


def _secure(pg: psycopg.Connection, table: str, province_columns: list[str]) -> None:
    """Row-level security: a reader sees the rows of its provinces, as reported or today's."""
    target = sql.SQL("{}.{}").format(sql.Identifier(LOADING), sql.Identifier(table))
    pg.execute(sql.SQL("alter table {} enable row level security").format(target))
    matches = sql.SQL(" or ").join(
        sql.SQL("access.province_code = {}.{}").format(sql.Identifier(table), sql.Identifier(c))
        for c in province_columns
    )
    pg.execute(
        sql.SQL(
            "create policy by_province on {} for select to {} using (exists ("
            "select 1 from {}.reader_provinces as access "
            "where access.role_name = current_user "
            "and (access.province_code = {} or {})))"
        ).format(
            target,
            sql.Identifier(READER),
            sql.Identifier(ACCESS),
            sql.Literal(EVERY_PROVINCE),
            matches,
        )
    )


def _swap(pg: psycopg.Connection, renames: tuple[tuple[str, str | None], ...]) -> None:
    """Schema renames in order, in the caller's transaction; None drops the schema."""
    for source, target in renames:
        if not _schema_exists(pg, source):
            continue
        if target is None:
            pg.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(source)))
        else:
            pg.execute(
                sql.SQL("alter schema {} rename to {}").format(
                    sql.Identifier(source), sql.Identifier(target)
                )
            )


def _schema_exists(pg: psycopg.Connection, name: str) -> bool:
    found = pg.execute("select 1 from pg_namespace where nspname = %s", [name]).fetchone()
    return found is not None
