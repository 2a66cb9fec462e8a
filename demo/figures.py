"""The seeds' published figures that the demo reproduces, each with the query that computes it
from the published marts. `dvk demo` prints them side by side; the tests assert them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Figure:
    label: str
    published: int
    sql: str


_BT_2023 = (
    "from marts.marts.mart_registrations where province_code = '60' and period_code = '2023' "
    "and level = 'huyen'"
)

FIGURES = (
    Figure(
        "Bình Thuận 2023: models registered at district level",
        746,
        f"select sum(registrations) {_BT_2023}",
    ),
    Figure(
        "Bình Thuận 2023: of which new in 2023",
        480,
        f"select sum(registrations) {_BT_2023} and status = 'moi'",
    ),
    Figure(
        "Bình Thuận 2023: of which maintained or replicated from 2022",
        266,
        f"select sum(registrations) {_BT_2023} and status in ('duy_tri', 'nhan_rong')",
    ),
)


def compute(con: duckdb.DuckDBPyConnection) -> list[tuple[Figure, int | None]]:
    """Each figure with the value the marts give (None where they hold no such rows)."""
    return [(figure, con.execute(figure.sql).fetchone()[0]) for figure in FIGURES]
