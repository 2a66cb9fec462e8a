"""What a new version takes from the warehouse: the rows of the units and provinces changed
since the build the current version came from, as the dbt project's change log records them
(`CHANGES`, the one dbt relation storage names), for the marts whose rows follow them
(`RowsBy`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.publish.marts_file import mart_tables
from warehouse.workspace import Workspace

LAYOUT = 2
"""The layout of a version this code writes (marts_file); a delta starts only from one of it."""

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
class Delta:
    previous: Path
    """The current version's folder, which the new version starts from."""
    units: int
    """How many units changed since it was published."""
    unit_keys: tuple[str, ...] = ()
    """Those units, by `upper(unit_code)`."""
    provinces: tuple[str, ...] = ()
    """Their provinces."""


def rows_predicate(table: str, rows_by: RowsBy | None, delta: Delta) -> str | None:
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


def changes_since(
    ws: Workspace, con: duckdb.DuckDBPyConnection, current: dict | None, rows_by: RowsBy
) -> Delta | None:
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
    return Delta(previous, len(units), units, tuple(code for (code,) in provinces))


def _has_changes_log(con: duckdb.DuckDBPyConnection) -> bool:
    schema, table = CHANGES.split(".")
    return table in mart_tables(con, "warehouse", schema)


def latest_build(con: duckdb.DuckDBPyConnection) -> str | None:
    if not _has_changes_log(con):
        return None
    latest = con.execute(f"select max(built_at) from warehouse.{CHANGES}").fetchone()[0]
    return latest.isoformat() if latest else None
