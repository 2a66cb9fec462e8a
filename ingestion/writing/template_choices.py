"""What the template offers in `Thông tin`: the periods that have begun, newest first, and the
units valid in the chosen period (today's, without one), each with its name. A workbook the
template wrote must never be one `dvk validate` rejects for its unit or period
(`UNIT_INACTIVE`): a unit named for a period it was not valid in is refused when written."""

from __future__ import annotations

import datetime as dt

from ingestion.format.periods import Period, calendar, parse_period
from ingestion.format.suggestions import nearest
from ingestion.reference.registry import Registry, Unit

YEARS_BACK = 5


class TemplateError(ValueError):
    """A unit or period the registries or the format do not know, or a unit not valid then."""


def offered_periods(today: dt.date) -> list[str]:
    """Every year, half and quarter of the last years that has begun by `today`: the newest
    year first, each as the year, then its halves, then its quarters, the later first."""
    begun = [p for p in calendar(today.year - YEARS_BACK, today.year) if p.start <= today]
    kinds = ("", "-H2", "-H1", "-Q4", "-Q3", "-Q2", "-Q1")
    return [
        p.code
        for p in sorted(
            begun, key=lambda p: (-p.year, kinds.index(p.code.removeprefix(str(p.year))))
        )
    ]


def offered_units(registry: Registry, period: Period | None, today: dt.date) -> list[Unit]:
    """The units valid in `period` (on `today` without one), one row each, by code."""

    def valid(unit: Unit) -> bool:
        if period is not None:
            return unit.is_valid_for(period)
        return unit.valid_from <= today and (unit.valid_to is None or unit.valid_to >= today)

    chosen = {unit.unit_code: unit for unit in registry.units if valid(unit)}
    return [chosen[code] for code in sorted(chosen)]


def known_period(period: str) -> Period:
    parsed = parse_period(period)
    if parsed is None:
        raise TemplateError(f"{period}: not a period; expected 2023, 2023-H1 or 2023-Q1")
    return parsed


def known_unit(registry: Registry, unit: str, period: Period | None) -> Unit:
    """The registry row of `unit` valid in `period` (any row without one)."""
    rows = registry.versions(unit)
    if not rows:
        raise TemplateError(f"{unit}: not a unit of the registries; {registry.suggest(unit)}")
    if period is None:
        return rows[-1]
    found = registry.find(unit, period)
    if found is None:
        spans = "; ".join(f"{r.valid_from} to {r.valid_to or 'today'}" for r in rows)
        valid = offered_units(registry, period, dt.date.today())
        close = nearest(unit, [(u.unit_name, u.unit_code) for u in valid] + [
            (u.unit_code, u.unit_code) for u in valid
        ])  # fmt: skip
        hint = f"; units valid then include {', '.join(close)}" if close else ""
        raise TemplateError(
            f"{rows[0].unit_code} ({rows[0].unit_name}) is not valid in {period.code}: its "
            f"registry rows run {spans}{hint}"
        )
    return found
