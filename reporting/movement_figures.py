"""The figures of the movement's periodic report, each with the mart and filter that give it.

A province's report uses the map in force in its period: before the 2025 reform the province as
reported (`province_code`), after it today's (`current_province_code`). The national report sums
every province. The recognition funnel is the one the seeds print: models registered, those
recognised at the lower level and by how many of the units that owed a report, those proposed
to the province and which units proposed none, those the province recognised, collectives and
individuals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

REFORM = dt.date(2025, 7, 1)


class ReportError(ValueError):
    """A report that cannot be written: an unknown period or province, or nothing published."""


@dataclass(frozen=True)
class Figure:
    label: str
    value: float | int | None
    mart: str
    where: str
    measure: str

    @property
    def sql(self) -> str:
        return f"select {self.measure} from {self.mart} where {self.where}"


@dataclass(frozen=True)
class Scope:
    """Whose report: a province on the map of its period, or the nation."""

    period_code: str
    period_start: dt.date
    period_end: dt.date
    province_code: str | None
    province_name: str | None

    @property
    def national(self) -> bool:
        return self.province_code is None

    @property
    def reformed(self) -> bool:
        return self.period_start >= REFORM

    @property
    def lower_level(self) -> str:
        """The level below the province: districts before the reform, communes after."""
        return "xa" if self.reformed else "huyen"

    def where(self) -> str:
        period = f"period_code = '{self.period_code}'"
        if self.national:
            return period
        column = "current_province_code" if self.reformed else "province_code"
        return f"{period} and {column} = '{self.province_code}'"


@dataclass
class Figures:
    scope: Scope
    figures: list[Figure] = field(default_factory=list)
    by_field_status: list[tuple[str, str, int]] = field(default_factory=list)
    awards: list[tuple[str, str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, str, float, float | None, str | None]] = field(default_factory=list)
    silent_units: list[str] = field(default_factory=list)
    """Units that owed the period's report and proposed no model to the province."""

    def value(self, label: str) -> float | int | None:
        return next(f.value for f in self.figures if f.label == label)


def scope(con: duckdb.DuckDBPyConnection, period: str, province: str | None) -> Scope:
    found = con.execute(
        "select period_start, period_end from mart_submission_status where period_code = ? limit 1",
        [period],
    ).fetchone()
    if found is None:
        raise ReportError(f"{period}: no unit owed or sent a report for this period")
    start, end = found
    if province is None:
        return Scope(period, start, end, None, None)
    code = province.strip().zfill(2)
    column = "current_province" if start >= REFORM else "province"
    name = con.execute(
        f"select any_value({column}_name) from mart_submission_status "
        f"where period_code = ? and {column}_code = ?",
        [period, code],
    ).fetchone()[0]
    if name is None:
        map_name = "today's map" if start >= REFORM else "the map before the 2025 reform"
        raise ReportError(f"{province}: no unit of this province (on {map_name}) in {period}")
    return Scope(period, start, end, code, name)


def compute(con: duckdb.DuckDBPyConnection, where: Scope) -> Figures:
    """Every figure of the report. A published version made before a mart existed (contract
    v3's) cannot answer: the next `dvk run` publishes it."""
    tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    missing = sorted(set(NEEDED) - tables)
    if missing:
        raise ReportError(
            f"the published marts lack {', '.join(missing)} (published by an earlier version of "
            "dvk): run `dvk run` to publish them, then write the report"
        )
    out = Figures(where)
    base = where.where()
    lower = where.lower_level

    def add(label: str, mart: str, measure: str, extra: str = "") -> None:
        condition = f"{base} and {extra}" if extra else base
        figure = Figure(label, None, mart, condition, measure)
        value = con.execute(figure.sql).fetchone()[0]
        out.figures.append(Figure(label, value, mart, condition, measure))

    total = "coalesce(sum({0}), 0)::integer"
    add("registered", "mart_registrations", total.format("registrations"))
    add("registered_new", "mart_registrations", total.format("registrations"), "status = 'moi'")
    add("units_owing", "mart_submission_status", "count(*)::integer", "expected")
    add("units_received", "mart_submission_status", "count(*)::integer", "expected and received")
    add("units_on_time", "mart_submission_status", "count(*)::integer", "expected and on_time")
    add(
        "recognised_lower",
        "mart_recognitions",
        total.format("recognized"),
        f"recognition_level = '{lower}'",
    )
    add(
        "units_recognising_lower",
        "mart_recognitions",
        "count(distinct unit_code)::integer",
        f"recognition_level = '{lower}' and recognized > 0",
    )
    add("proposed_province", "mart_recognitions", total.format("proposed"), _PROVINCE)
    add(
        "units_proposing",
        "mart_recognitions",
        "count(distinct unit_code)::integer",
        f"{_PROVINCE} and proposed > 0",
    )
    add("recognised_province", "mart_recognitions", total.format("recognized"), _PROVINCE)
    for owner in ("tap_the", "ca_nhan"):
        add(
            f"recognised_province_{owner}",
            "mart_recognitions",
            total.format("recognized"),
            f"{_PROVINCE} and owner_type = '{owner}'",
        )
    add("awards", "mart_awards", total.format("awards"))
    for kind in ("kiem_tra", "giam_sat"):
        add(f"{kind}_sessions", "mart_inspections", total.format("sessions"), f"kind = '{kind}'")
        add(
            f"{kind}_organisations",
            "mart_inspections",
            total.format("organisations"),
            f"kind = '{kind}'",
        )
    out.by_field_status = con.execute(
        "select field, status, sum(registrations)::integer from mart_registrations "
        f"where {base} group by all order by all"
    ).fetchall()
    out.awards = con.execute(
        "select award_form, recipient_type, sum(awards)::integer from mart_awards "
        f"where {base} group by all order by all"
    ).fetchall()
    out.outcomes = con.execute(
        "select model_name, indicator, value, out_of, unit_of_measure from mart_model_outcomes "
        f"where {base} order by model_name, indicator"
    ).fetchall()
    out.silent_units = [
        name
        for (name,) in con.execute(
            "select unit_name from mart_submission_status "
            f"where {base} and expected and unit_code not in ("
            f"select unit_code from mart_recognitions where {base} and {_PROVINCE} "
            "and proposed > 0) order by unit_name"
        ).fetchall()
    ]
    return out


_PROVINCE = "recognition_level = 'tinh'"
NEEDED = (
    "mart_registrations",
    "mart_recognitions",
    "mart_awards",
    "mart_model_outcomes",
    "mart_inspections",
    "mart_submission_status",
    "mart_codes",
)


def share(value: float, whole: float | None) -> str | None:
    """A share as the press prints it: a whole percent, halves rounded up (35 %, 98 %)."""
    if not whole:
        return None
    return f"{int(value / whole * 100 + 0.5)}%"


def number(value: float | int | None) -> str:
    """7811 → "7.811", 12.5 → "12,5": Vietnamese thousands and decimal marks."""
    if value is None:
        return "0"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, decimals = f"{value:,.2f}".rstrip("0").split(".")
    return f"{whole.replace(',', '.')},{decimals}"
