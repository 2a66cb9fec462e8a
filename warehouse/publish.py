"""Publishing the marts (write-audit-publish): write a new version beside the old, verify it,
then swap it in atomically; keep the last few versions for rollback.

BI tools hold `published/marts.duckdb` open read-only. A rename never disturbs them: a reader
keeps the version it opened until it reconnects, and a new reader always sees one whole version.
Each version lives whole under `published/versions/<id>/`. `published/current` is a symbolic
link to the current version's folder, and `marts.duckdb` and `parquet` are symbolic links
through it (`current/marts.duckdb`, `current/parquet`): one rename of `current` switches both,
so a run killed at any instant leaves the DuckDB file and the Parquet files of one version.

The warehouse keeps its marts in schema `marts`; the published file holds them in its default
schema `main` (contract v2), so that `mart_x`, `marts.mart_x` (the file's catalog is `marts`) and
`marts.main.mart_x` all resolve in every DuckDB version. A file named `marts.duckdb` with a schema
`marts` (layout 1) is ambiguous in DuckDB 2; versions of that layout kept for rollback still open
through `open_marts`, which finds the schema of the version at hand.

A new version starts from a copy of the current one and takes from the warehouse only the rows
of the units changed since the build that version came from (`intermediate.int_change_log`):
for the marts whose rows are keyed by unit or by province (`RowsBy`, from the dbt project), it
deletes and inserts those rows; other marts are copied whole, and a mart no unit touched keeps
its Parquet file (a hard link). After a full build, or without a current version, every mart is
copied. Either way the new file and its Parquet files are verified against the warehouse, mart
by mart, read back from disk: a mart copied whole (or kept) by its row count and a checksum of
every row; a mart updated by rows by its row count and a checksum of the changed units' rows,
so that a one-file publish costs the same whatever the size of the history (the rest of its
rows are those of the version verified before it, and writing its Parquet file reads them all).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from warehouse import fault_points
from warehouse.duckdb_settings import connect
from warehouse.errors import PublishError
from warehouse.workspace import Workspace

MARTS_SCHEMA = "marts"
"""The warehouse's schema of marts."""
PUBLISHED_SCHEMA = "main"
"""The published file's schema of marts (layout 2; layout 1 used `marts`)."""
LAYOUT = 2
# BI tools embed their own DuckDB, often older than ours: write a storage format they can read.
STORAGE_VERSION = "v1.0.0"
KEEP_VERSIONS = 5
"""Published versions kept for rollback; `DVK_KEEP_VERSIONS` changes it (at least 2)."""
VERSION_FILE = "version.json"
ROLLBACK_FILE = "rollback.json"
"""In `published/` while a rollback is in force: the version rolled back to and the warehouse's
arrivals then (`kept_rollback`)."""


CHANGES = "intermediate.int_change_log"
"""The one relation of the dbt project the publish reads (dbt models/intermediate/change_set/):
per build, the units and the provinces it recomputed."""


@dataclass(frozen=True)
class RowsBy:
    """The marts whose rows follow the changed units: keyed by `unit_code` (`unit`), or by
    `province_code` (`province`, the provinces of those units). Any other mart is copied whole."""

    unit: frozenset[str] = frozenset()
    province: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Published:
    version: str
    path: Path
    row_counts: dict[str, int]
    parquet: dict[str, Path]
    whole_because: str | None = None
    """Why the version was copied whole instead of updated from the current one: the current
    one could not be read (damaged) or did not verify."""


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


@dataclass(frozen=True)
class _Written:
    counts: dict[str, int]
    built_at: str | None
    """The newest build of the warehouse the version holds (int_change_log)."""
    copied: dict[str, str]
    """How each mart got into the version: `whole`, `rows of N units`, or `kept`."""
    whole_because: str | None = None


@dataclass(frozen=True)
class _Delta:
    previous: Path
    """The current version's folder, which the new version starts from."""
    units: int
    """How many units changed since it was published."""
    unit_keys: tuple[str, ...] = ()
    """Those units, by `upper(unit_code)`."""
    provinces: tuple[str, ...] = ()
    """Their provinces."""


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
    versions = _versions_dir(ws)
    now = dt.datetime.now(dt.UTC)
    version = f"{now:%Y%m%dT%H%M%S.%f}Z"  # sorts as it was published
    staged = versions / f".{version}"
    try:
        (staged / "parquet").mkdir(parents=True)
        written = _write_version_or_whole(ws, staged, _current(ws), rows_by)
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
        _open_to_readers(staged)
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
    _activate(ws, staged.version)
    (ws.published / ROLLBACK_FILE).unlink(missing_ok=True)  # a new version ends a rollback
    fault_points.reached("publish.swapped")
    _prune(ws)
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
        built_at = _latest_build(con)
        delta = _delta(ws, con, current, rows_by) if rows_by else None
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
            keyed = _key(table, rows_by, delta) if delta and table in kept else None
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
            expected[table] = _Fingerprint.of(con, source, rows_of)
        con.execute("detach staged")
        counts = _verify(con, folder, expected)
    return _Written(counts, built_at, copied)


def _arrivals(con: duckdb.DuckDBPyConnection) -> list[int] | None:
    """The files the warehouse has taken in: the last arrival's number, and how many stand
    accepted."""
    try:
        last, accepted = con.execute(
            "select coalesce(max(arrival_seq), 0), count(*) filter (where outcome = 'accepted') "
            "from warehouse.raw.submissions"
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return [int(last), int(accepted)]


def _key(table: str, rows_by: RowsBy | None, delta: _Delta) -> str | None:
    """The predicate selecting a mart's rows of the changed units, if its rows follow them."""
    if rows_by and table in rows_by.unit:
        return f"upper(unit_code) in {_listed(delta.unit_keys, 'unit_key', 'changed_units')}"
    if rows_by and table in rows_by.province:
        provinces = _listed(delta.provinces, "province_code", "changed_provinces")
        return f"province_code in {provinces}"
    return None


LISTED_AT_MOST = 1000
"""Changed units (or provinces) written into the predicates as literals, up to this many: DuckDB
filters a scan by a list of constants, where a subquery makes it join the whole mart (a one-file
publish at national size: 0.01 s against 0.2 s per mart)."""


def _listed(values: tuple[str, ...], column: str, table: str) -> str:
    if not values or len(values) > LISTED_AT_MOST:
        return f"(select {column} from {table})"
    return "(" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + ")"


def _delta(
    ws: Workspace, con: duckdb.DuckDBPyConnection, current: dict | None, rows_by: RowsBy
) -> _Delta | None:
    """What changed since the current version, when it can be updated in place of a copy:
    it exists in this layout, records its build, and no full build came after it."""
    if not current or current.get("layout") != LAYOUT or not current.get("built_at"):
        return None
    previous = ws.versions / current["version"]
    if not (previous / "marts.duckdb").exists() or not _has_changes_log(con):
        return None
    since = [current["built_at"]]
    later = con.execute(
        f"select count(*), coalesce(bool_or(is_full), false) from warehouse.{CHANGES} "
        "where built_at > cast(? as timestamptz)",
        since,
    ).fetchone()
    known = con.execute(
        f"select count(*) from warehouse.{CHANGES} where built_at = cast(? as timestamptz)", since
    ).fetchone()[0]
    if later[1] or not known:  # a full build since, or a log rebuilt since (a full refresh)
        return None
    for table, column in (("changed_units", "unit_key"), ("changed_provinces", "province_code")):
        con.execute(
            f"create temp table {table} as select distinct {column} from warehouse.{CHANGES} "
            f"where built_at > cast(? as timestamptz) and {column} is not null",
            since,
        )
    units = tuple(
        k for (k,) in con.execute("select unit_key from changed_units order by 1").fetchall()
    )
    provinces = con.execute(
        "select province_code from changed_provinces where province_code is not null order by 1"
    ).fetchall()
    return _Delta(previous, len(units), units, tuple(code for (code,) in provinces))


def _has_changes_log(con: duckdb.DuckDBPyConnection) -> bool:
    schema, table = CHANGES.split(".")
    return table in mart_tables(con, "warehouse", schema)


def _latest_build(con: duckdb.DuckDBPyConnection) -> str | None:
    if not _has_changes_log(con):
        return None
    latest = con.execute(f"select max(built_at) from warehouse.{CHANGES}").fetchone()[0]
    return latest.isoformat() if latest else None


def _current(ws: Workspace) -> dict | None:
    return next((record for record in versions(ws) if record["current"]), None)


def kept_rollback(ws: Workspace) -> tuple[str, str] | None:
    """(the current version, the newest kept) while a rollback is in force and no file arrived
    since it was made: a run then keeps the rollback rather than publish again, without a word,
    what a person rolled back (docs/operations.md). New files, or `dvk publish --rollback
    NEWEST`, end it. A version stored by a run killed before it became current is no rollback:
    only `rollback` leaves the record this reads."""
    try:
        record = json.loads((ws.published / ROLLBACK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept = versions(ws)
    current = next((r["version"] for r in kept if r["current"]), None)
    if current != record.get("version") or record.get("arrivals") is None:
        return None
    return (current, kept[-1]["version"]) if _warehouse_arrivals(ws) == record["arrivals"] else None


def _warehouse_arrivals(ws: Workspace) -> list[int] | None:
    try:
        with connect() as con:
            con.execute(f"attach {quoted(ws.warehouse)} as warehouse (read_only)")
            return _arrivals(con)
    except duckdb.Error:
        return None


def current_version(ws: Workspace) -> str | None:
    """The version BI users see now, if one is published."""
    record = _current(ws)
    return record["version"] if record else None


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@dataclass(frozen=True)
class _Fingerprint:
    """A mart's row count, and an order-free checksum of its rows (equal for equal multisets
    of rows): of every row, or of the rows `where` selects."""

    rows: int
    checksum: int
    where: str | None = None

    @classmethod
    def of(
        cls, con: duckdb.DuckDBPyConnection, relation: str, where: str | None = None
    ) -> _Fingerprint:
        checksum = f"coalesce(sum(hash(r)::hugeint), 0) from {relation} as r"
        if where is None:  # one scan
            return cls(*con.execute(f"select count(*), {checksum}").fetchone())
        # every row counted (from metadata), the selected rows summed
        rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
        return cls(rows, con.execute(f"select {checksum} where {where}").fetchone()[0], where)

    def again(self, con: duckdb.DuckDBPyConnection, relation: str) -> _Fingerprint:
        return _Fingerprint.of(con, relation, self.where)


def _verify(
    con: duckdb.DuckDBPyConnection, folder: Path, expected: dict[str, _Fingerprint]
) -> dict[str, int]:
    """The new version, read back from disk, against what the warehouse holds."""
    con.execute(f"attach {quoted(folder / 'marts.duckdb')} as written (read_only)")
    try:
        for table, wanted in expected.items():
            found = wanted.again(con, f"written.{PUBLISHED_SCHEMA}.{table}")
            parquet = folder / "parquet" / f"{table}.parquet"
            in_parquet = wanted.again(con, f"read_parquet({quoted(parquet)})")
            if not found == in_parquet == wanted:
                which = "every row" if wanted.where is None else "the changed units' rows"
                raise PublishError(
                    f"{table}: warehouse {wanted.rows} rows, new file {found.rows}, parquet "
                    f"{in_parquet.rows}; checksums of {which} {wanted.checksum}, "
                    f"{found.checksum}, {in_parquet.checksum}"
                )
    finally:
        con.execute("detach written")
    return {table: wanted.rows for table, wanted in expected.items()}


def versions(ws: Workspace) -> list[dict]:
    """Every kept version, oldest first, each its `version.json` plus `current`."""
    found = []
    for path in sorted(ws.versions.iterdir()) if ws.versions.exists() else []:
        record_file = path / VERSION_FILE
        if path.name.startswith(".") or not record_file.exists():
            continue
        record = json.loads(record_file.read_text(encoding="utf-8"))
        record["current"] = ws.marts.exists() and os.path.samefile(path / "marts.duckdb", ws.marts)
        found.append(record)
    return found


def rollback(ws: Workspace, to: str | None = None) -> str:
    """Make an earlier version current again: `to`, or the one before the current."""
    kept = versions(ws)
    names = [record["version"] for record in kept]
    if to is None:
        current = next((i for i, record in enumerate(kept) if record["current"]), None)
        if current is None or current == 0:
            raise PublishError(
                "no earlier version to roll back to; kept: " + (", ".join(names) or "none")
            )
        to = names[current - 1]
    elif to not in names:
        raise PublishError(f"no version {to}; kept: {', '.join(names) or 'none'}")
    _activate(ws, to)
    marker = ws.published / ROLLBACK_FILE
    if to == names[-1]:  # back to the newest version: no rollback is in force any more
        marker.unlink(missing_ok=True)
        return to
    record = {"version": to, "arrivals": _warehouse_arrivals(ws)}
    pointer = marker.with_name(f".{marker.name}-{uuid.uuid4().hex[:8]}")
    pointer.write_text(json.dumps(record) + "\n", encoding="utf-8")
    os.replace(pointer, marker)
    return to


def _activate(ws: Workspace, version: str) -> None:
    """Make `version` current with one rename of `published/current`."""
    if not _through_current(ws):
        # A workspace published before `current` existed: `current` first names the version
        # its files show, then each file becomes a link through it, so every step shows one
        # whole version; the rename below then switches to the new one.
        shown = next((r["version"] for r in versions(ws) if r["current"]), version)
        _replace_link(ws.current, Path(ws.versions.name) / shown)
        _replace_link(ws.marts, Path(ws.current.name) / "marts.duckdb")
        if ws.parquet.is_dir() and not ws.parquet.is_symlink():
            shutil.rmtree(ws.parquet)  # the folder of a workspace made before versions existed
        _replace_link(ws.parquet, Path(ws.current.name) / "parquet")
    fault_points.reached("publish.swapping")
    _replace_link(ws.current, Path(ws.versions.name) / version)


def _through_current(ws: Workspace) -> bool:
    return (
        ws.current.is_symlink()
        and ws.marts.is_symlink()
        and os.readlink(ws.marts) == str(Path(ws.current.name) / "marts.duckdb")
        and ws.parquet.is_symlink()
        and os.readlink(ws.parquet) == str(Path(ws.current.name) / "parquet")
    )


def _replace_link(path: Path, target: Path) -> None:
    """`path` becomes a relative symbolic link to `target`, by one rename (atomic)."""
    pointer = path.with_name(f".{path.name}-{uuid.uuid4().hex[:8]}")
    pointer.symlink_to(target)
    os.replace(pointer, path)


def _prune(ws: Workspace) -> None:
    keep = max(2, int(os.environ.get("DVK_KEEP_VERSIONS", KEEP_VERSIONS)))
    kept = versions(ws)
    for record in kept[:-keep]:
        if not record["current"]:
            shutil.rmtree(ws.versions / record["version"], ignore_errors=True)


def _open_to_readers(folder: Path) -> None:
    """A version is for BI users, who run as other OS users: its folders 0755, its files 0644
    (everything else the pipeline writes is private, `Workspace.ensure`)."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def _versions_dir(ws: Workspace) -> Path:
    folder = ws.versions
    folder.mkdir(parents=True, exist_ok=True)
    ws.published.chmod(0o755)
    folder.chmod(0o755)
    # What a killed publish left: an unfinished version, a link not yet renamed.
    for leftover in folder.glob(".*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for pattern in (".marts*", ".parquet*", ".current*"):
        for leftover in ws.published.glob(pattern):
            leftover.unlink(missing_ok=True)
    return folder


def quoted(path: Path) -> str:
    """A path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
