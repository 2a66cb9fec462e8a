"""The seeds' published figures that the demo reproduces, each with the query that computes it
from the published marts. `dvk demo` prints them side by side; the tests assert them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Figure:
    source: str
    label: str
    published: int
    sql: str


def _sum(column: str, mart: str, where: str) -> str:
    return f"select coalesce(sum({column}), 0) from marts.{mart} where {where}"


def _units(where: str) -> str:
    """How many units have a row of mart_recognitions meeting `where`."""
    return f"select count(distinct unit_code) from marts.mart_recognitions where {where}"


_NB_PHASE = "phase_code = '2021-2023' and province_code = '37'"
_BT = "province_code = '60' and period_code = '2023'"
_HN = "province_code = '35' and period_code = '2024'"
_BLOC = "unit_code = 'HNM-KCQ' and period_code <= '2020' and recognition_level = 'huyen'"
_NB_AWARDS = (
    "province_code = '37' and period_code = '2023' and awarding_authority = 'UBND tỉnh' "
    "and award_form = 'bang_khen'"
)

FIGURES = (
    Figure(
        "000",
        "Ninh Bình 2021–2023: models registered",
        1635,
        _sum("models", "mart_phase_models", _NB_PHASE),
    ),
    *(
        Figure(
            "000",
            f"  of which {name}",
            value,
            _sum("models", "mart_phase_models", f"{_NB_PHASE} and field = '{code}'"),
        )
        for code, name, value in (
            ("KT", "economy", 451),
            ("VHXH", "culture–society", 878),
            ("QPAN", "defence–security", 166),
            ("XDHTCT", "political system", 140),
        )
    ),
    Figure(
        "000",
        "Ninh Bình 2023: Bằng khen of UBND tỉnh to collectives",
        20,
        _sum("awards", "mart_awards", f"{_NB_AWARDS} and recipient_type = 'tap_the'"),
    ),
    Figure(
        "000",
        "  and to individuals",
        10,
        _sum("awards", "mart_awards", f"{_NB_AWARDS} and recipient_type = 'ca_nhan'"),
    ),
    Figure(
        "001",
        "Agencies' bloc to 2020: models recognised",
        112,
        _sum("recognized", "mart_recognitions", _BLOC),
    ),
    *(
        Figure(
            "001",
            f"  of which {name}",
            value,
            _sum("recognized", "mart_recognitions", f"{_BLOC} and theme = '{theme}'"),
        )
        for theme, name, value in (
            ("Nông thôn mới", "new rural areas", 40),
            ("Cải cách hành chính", "administrative reform", 33),
            ("Mặt trận Tổ quốc và đoàn thể", "Front and mass organisations", 5),
            ("Xây dựng Đảng, chính quyền", "building the Party and government", 34),
        )
    ),
    Figure(
        "002",
        "Bình Thuận 2023: models registered at district level",
        746,
        _sum("registrations", "mart_registrations", f"{_BT} and level = 'huyen'"),
    ),
    Figure(
        "002",
        "  of which new in 2023",
        480,
        _sum(
            "registrations", "mart_registrations", f"{_BT} and level = 'huyen' and status = 'moi'"
        ),
    ),
    Figure(
        "002",
        "  of which maintained or replicated from 2022",
        266,
        _sum(
            "registrations",
            "mart_registrations",
            f"{_BT} and level = 'huyen' and status in ('duy_tri', 'nhan_rong')",
        ),
    ),
    Figure(
        "002",
        "Bình Thuận 2023: reporting units",
        14,
        f"select count(*) from marts.mart_submission_status where {_BT} and expected",
    ),
    Figure(
        "002",
        "  units that recognised district-level models",
        13,
        _units(f"{_BT} and recognition_level = 'huyen' and recognized > 0"),
    ),
    Figure(
        "002",
        "  district-level models they recognised",
        155,
        _sum("recognized", "mart_recognitions", f"{_BT} and recognition_level = 'huyen'"),
    ),
    Figure(
        "002",
        "  units that proposed models to the province",
        13,
        _units(f"{_BT} and recognition_level = 'tinh' and proposed > 0"),
    ),
    Figure(
        "002",
        "  models proposed for provincial recognition",
        39,
        _sum("proposed", "mart_recognitions", f"{_BT} and recognition_level = 'tinh'"),
    ),
    Figure(
        "002",
        "  recognised by the province",
        22,
        _sum("recognized", "mart_recognitions", f"{_BT} and recognition_level = 'tinh'"),
    ),
    Figure(
        "002",
        "    collectives",
        20,
        _sum(
            "recognized",
            "mart_recognitions",
            f"{_BT} and recognition_level = 'tinh' and owner_type = 'tap_the'",
        ),
    ),
    Figure(
        "002",
        "    individuals",
        2,
        _sum(
            "recognized",
            "mart_recognitions",
            f"{_BT} and recognition_level = 'tinh' and owner_type = 'ca_nhan'",
        ),
    ),
    Figure("003", "Hà Nam 2024: models", 1597, _sum("registrations", "mart_registrations", _HN)),
    Figure(
        "003",
        "  at provincial level",
        127,
        _sum("registrations", "mart_registrations", f"{_HN} and level = 'tinh'"),
    ),
    Figure(
        "003",
        "  at district and commune level",
        1470,
        _sum("registrations", "mart_registrations", f"{_HN} and level in ('huyen', 'xa')"),
    ),
    *(
        Figure(
            "003",
            f"  new, {name}",
            value,
            _sum(
                "registrations",
                "mart_registrations",
                f"{_HN} and status = 'moi' and field = '{code}'",
            ),
        )
        for code, name, value in (
            ("XDHTCT", "political system", 27),
            ("KT", "economy", 40),
            ("VHXH", "culture–society", 172),
        )
    ),
)


def compute(con: duckdb.DuckDBPyConnection) -> list[tuple[Figure, int | None]]:
    """Each figure with the value the marts give."""
    return [(figure, con.execute(figure.sql).fetchone()[0]) for figure in FIGURES]


@dataclass(frozen=True)
class Spread:
    """A model and how far it spread: the models replicated from it, in how many units."""

    model_code: str
    model_name: str
    unit_code: str
    replications: int
    units: int


def most_replicated(con: duckdb.DuckDBPyConnection, limit: int = 5) -> list[Spread]:
    """The models most replicated (replication lineage of `mart_models`), most first."""
    rows = con.execute(
        "select origin.model_code, origin.model_name, origin.unit_code, origin.replications, "
        "count(distinct copy.unit_code) as units "
        "from mart_models as origin "
        "inner join mart_models as copy on copy.replicated_from = origin.model_key "
        "group by origin.model_key, 1, 2, 3, 4 "
        "order by origin.replications desc, origin.model_key limit ?",
        [limit],
    ).fetchall()
    return [Spread(*row) for row in rows]
