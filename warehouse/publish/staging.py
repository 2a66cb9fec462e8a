"""A new version written beside the others and verified (`stage`), then made current
(`activate`): `publish` does both; the publish asset checks the marts between the two."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from warehouse import fault_points
from warehouse.data_dictionary import comment_statements
from warehouse.duckdb_settings import connect
from warehouse.errors import PublishError
from warehouse.publish.delta import (
    LAYOUT,
    RowsBy,
    changes_since,
    latest_build,
    rows_predicate,
)
from warehouse.publish.marts_file import (
    MARTS_SCHEMA,
    PUBLISHED_SCHEMA,
    STORAGE_VERSION,
    mart_tables,
    quoted,
)
from warehouse.publish.verify import Fingerprint, verify
from warehouse.publish.versions import (
    ROLLBACK_FILE,
    VERSION_FILE,
    current_record,
    make_current,
    open_to_readers,
    prune,
    versions_dir,
)
from warehouse.workspace import Workspace


@dataclass(frozen=True)
class Published:
    version: str
    path: Path
    row_counts: dict[str, int]
    parquet: dict[str, Path]
    whole_because: str | None = None
    """Why the version was copied whole instead of updated from the current one: the current
    one could not be read (damaged) or did not verify."""


@dataclass(frozen=True)
class _Written:
    counts: dict[str, int]
    built_at: str | None
    """The newest build of the warehouse the version holds (int_change_log)."""
    copied: dict[str, str]
    """How each mart got into the version: `whole`, `rows of N units`, or `kept`."""
    whole_because: str | None = None


def publish(ws: Workspace, run_id: str = "", rows_by: RowsBy | None = None) -> Published:
    """Write a new version from the warehouse's marts, verify it, and make it the current one.

    With `rows_by`, the new version is the current one updated with the rows of the units
    changed since; without, every mart is copied."""
    return activate(ws, stage(ws, run_id, rows_by))


@dataclass(frozen=True)
class Staged:
    """A version written and verified beside the others, not yet visible to readers."""

    version: str
    folder: Path
    written: _Written


def stage(ws: Workspace, run_id: str = "", rows_by: RowsBy | None = None) -> Staged:
    """The first half of `publish`: the new version written under `published/versions/.<id>`
    and verified; `activate` makes it current, `discard` drops it."""
    versions = versions_dir(ws)
    now = dt.datetime.now(dt.UTC)
    version = f"{now:%Y%m%dT%H%M%S.%f}Z"  # sorts as it was published
    staged = versions / f".{version}"
    try:
        (staged / "parquet").mkdir(parents=True)
        written = _write_version_or_whole(ws, staged, current_record(ws), rows_by)
        fault_points.reached("publish.staged")
        record = {
            "version": version,
            "published_at": now.replace(microsecond=0).isoformat(),
            "run_id": run_id,
            "layout": LAYOUT,
            "row_counts": written.counts,
            "built_at": written.built_at,
            "copied": written.copied,
            **({"copied_whole_because": written.whole_because} if written.whole_because else {}),
        }
        (staged / VERSION_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        open_to_readers(staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return Staged(version, staged, written)


def activate(ws: Workspace, staged: Staged) -> Published:
    """The second half of `publish`: the staged version stored and made current, atomically."""
    try:
        staged.folder.rename(ws.versions / staged.version)
        fault_points.reached("publish.version_stored")
    finally:
        shutil.rmtree(staged.folder, ignore_errors=True)
    make_current(ws, staged.version)
    (ws.published / ROLLBACK_FILE).unlink(missing_ok=True)  # a new version ends a rollback
    fault_points.reached("publish.swapped")
    prune(ws)
    fault_points.reached("publish.pruned")
    written = staged.written
    parquet = {table: ws.parquet / f"{table}.parquet" for table in written.counts}
    return Published(staged.version, ws.marts, written.counts, parquet, written.whole_because)


def discard(staged: Staged) -> None:
    """A staged version that is not to be published (a check failed after it was written)."""
    shutil.rmtree(staged.folder, ignore_errors=True)


def _write_version_or_whole(
    ws: Workspace, folder: Path, current: dict | None, rows_by: RowsBy | None
) -> _Written:
    """The version updated from the current one, or, when that fails (the current version's
    file damaged, a row of it unreadable, the result not what the warehouse holds), copied whole
    from the warehouse: a damaged published version never stops the publishes after it."""
    if not (current and rows_by):
        return _write_version(ws, folder, current, rows_by)
    try:
        return _write_version(ws, folder, current, rows_by)
    except (duckdb.Error, PublishError) as error:
        reason = f"version {current['version']} could not be updated: {error}".strip()
    shutil.rmtree(folder)
    (folder / "parquet").mkdir(parents=True)
    written = _write_version(ws, folder, None, None)
    return replace(written, whole_because=reason[:2000])


def _write_version(
    ws: Workspace, folder: Path, current: dict | None, rows_by: RowsBy | None
) -> _Written:
    target_file, expected, copied = folder / "marts.duckdb", {}, {}
    with connect() as con:
        con.execute(f"attach {quoted(ws.warehouse)} as warehouse (read_only)")
        tables = mart_tables(con, "warehouse")
        if not tables:
            raise PublishError(f"{ws.warehouse} has no tables in schema {MARTS_SCHEMA}")
        built_at = latest_build(con)
        delta = changes_since(ws, con, current, rows_by) if rows_by else None
        if delta:
            shutil.copyfile(delta.previous / "marts.duckdb", target_file)
            con.execute(f"attach {quoted(target_file)} as staged")
            kept = set(mart_tables(con, "staged", PUBLISHED_SCHEMA))
        else:
            options = f"storage_version '{STORAGE_VERSION}'"
            con.execute(f"attach {quoted(target_file)} as staged ({options})")
            kept = set()
        for table in sorted(kept - set(tables)):
            con.execute(f"drop table staged.{PUBLISHED_SCHEMA}.{table}")
        for table in tables:
            fault_points.reached("publish.copying")
            source = f"warehouse.{MARTS_SCHEMA}.{table}"
            target = f"staged.{PUBLISHED_SCHEMA}.{table}"
            parquet = folder / "parquet" / f"{table}.parquet"
            keyed = rows_predicate(table, rows_by, delta) if delta and table in kept else None
            if keyed and not delta.units:
                copied[table] = "kept"
                _link(delta.previous / "parquet" / parquet.name, parquet)
            elif keyed:
                copied[table] = f"rows of {delta.units} units"
                con.execute(f"delete from {target} where {keyed}")
                con.execute(f"insert into {target} select * from {source} where {keyed}")
                con.execute(f"copy {target} to {quoted(parquet)} (format parquet)")
            else:
                copied[table] = "whole"
                con.execute(f"drop table if exists {target}")
                # A stable row order makes two whole copies of the same data identical.
                con.execute(f"create table {target} as select * from {source} order by all")
                con.execute(f"copy {target} to {quoted(parquet)} (format parquet)")
            rows_of = keyed if copied[table].startswith("rows of") else None
            expected[table] = Fingerprint.of(con, source, rows_of)
        _describe(con, tables)
        con.execute("detach staged")
        counts = verify(con, folder, expected)
    return _Written(counts, built_at, copied)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _describe(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Every published table and column commented from the data dictionary, in one batch."""
    columns: dict[str, list[str]] = {table: [] for table in tables}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = 'staged' and schema_name = ? order by table_name, column_index",
        [PUBLISHED_SCHEMA],
    ).fetchall():
        columns.setdefault(table, []).append(column)
    statements = comment_statements("staged", PUBLISHED_SCHEMA, columns)
    if statements:
        con.execute(";\n".join(statements))
