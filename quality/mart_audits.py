"""The audit step of write-audit-publish: facts the marts must satisfy before BI tools see them.

Each audit returns the offending rows of the warehouse; none may come back. They complement the
dbt tests (one model at a time) with totals across models.

Why not dbt singular tests (`tests/singular/assert_<invariant>.sql`): a failing dbt test fails
`dbt build`, and a failed build goes to isolation (`orchestration/isolation.py`), which
withdraws the files whose holding back lets the build pass. An invariant across marts that
breaks is a fault of the models, not of a file: these audits run after the build, as blocking
checks, so that a failure stops the publish, names the invariant, and leaves every file in the
warehouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

Con = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class Audit:
    name: str
    description: str
    find: Callable[[Con], list[tuple]]
    """The rows that break the rule; empty when it holds."""


def _adds_up(mart: str, measure: str, fact: str) -> Callable[[Con], list[tuple]]:
    def find(con: Con) -> list[tuple]:
        return con.execute(
            f"select in_mart, in_fact from (select (select coalesce(sum({measure}), 0) "
            f"from marts.{mart}) as in_mart, (select count(*) from core.{fact}) as in_fact) "
            "where in_mart <> in_fact"
        ).fetchall()

    return find


def _current_province_mapped(con: Con) -> list[tuple]:
    tables = con.execute(
        "select table_name from information_schema.columns where table_schema = 'marts' "
        "and column_name = 'current_province_code' and table_catalog = current_database() "
        "order by table_name"
    ).fetchall()
    offending = []
    for (table,) in tables:
        missing = con.execute(
            f"select count(*) from marts.{table} where current_province_code is null"
        ).fetchone()[0]
        if missing:
            offending.append((table, missing))
    return offending


AUDITS = (
    Audit(
        "registrations_add_up",
        "mart_registrations counts every registration of fct_registrations once",
        _adds_up("mart_registrations", "registrations", "fct_registrations"),
    ),
    Audit(
        "awards_add_up",
        "mart_awards counts every award of fct_awards once",
        _adds_up("mart_awards", "awards", "fct_awards"),
    ),
    Audit(
        "current_province_mapped",
        "every row of every mart names its current province",
        _current_province_mapped,
    ),
)
