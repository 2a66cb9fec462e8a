"""What `dvk registry check` finds in the reporting-unit registries: the faults that make the
pipeline answer wrongly without failing (two rows of one unit valid on the same day: which one a
submission is checked against is arbitrary; a gap: the unit's files are rejected for periods it
did report), the territories the tree no longer has, and the units nobody has ever sent a file
for (a registry typed ahead, or an office that needs a call)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ingestion.format.vietnamese import code_key
from ingestion.reference.admin_tree import MERGER_DATE, query
from ingestion.reference.registry import Registry, Unit

FAULTS = ("overlap", "gap", "unknown_code", "ended_code")
"""The findings that make `registry check` exit non-zero; `never_named` only informs."""


@dataclass(frozen=True)
class Finding:
    kind: str
    unit_code: str
    message: str


def check(registry: Registry, named: Iterable[str] = ()) -> list[Finding]:
    """Every finding of `registry`; `named`: the unit codes of every file ever received."""
    findings: list[Finding] = []
    by_code: dict[str, list[Unit]] = {}
    for unit in registry.units:
        by_code.setdefault(code_key(unit.unit_code), []).append(unit)
    for rows in by_code.values():
        findings += _history(sorted(rows, key=lambda u: u.valid_from))
    findings += _territories(registry.units)
    seen = {code_key(code) for code in named}
    findings += [
        Finding("never_named", rows[0].unit_code, f"{rows[0].unit_code}: no file has named it")
        for code, rows in by_code.items()
        if code not in seen and any(row.reports for row in rows)
    ]
    return findings


def _where(unit: Unit) -> str:
    return f"{unit.source_file} row {unit.source_row}"


def _history(rows: list[Unit]) -> list[Finding]:
    """Overlaps and gaps between the rows of one unit, in the order of their start."""
    findings = []
    for earlier, later in pairwise(rows):
        end = earlier.valid_to or dt.date.max
        code = earlier.unit_code
        if later.valid_from <= end:
            until = min(end, later.valid_to or dt.date.max)
            span = f"{later.valid_from}" + ("" if until == dt.date.max else f" to {until}")
            findings.append(
                Finding(
                    "overlap",
                    code,
                    f"{code}: {_where(earlier)} and {_where(later)} are both valid from {span}; "
                    "end the first (valid_to) the day before the second begins",
                )
            )
        elif later.valid_from > end + dt.timedelta(days=1):
            findings.append(
                Finding(
                    "gap",
                    code,
                    f"{code}: no row valid from {end + dt.timedelta(days=1)} to "
                    f"{later.valid_from - dt.timedelta(days=1)} (between {_where(earlier)} and "
                    f"{_where(later)}); its files for periods then are rejected",
                )
            )
    return findings


def _territories(units: list[Unit]) -> list[Finding]:
    """A territorial unit's `admin_code` must be in the tree of its time; one still open after
    the reform must name a territory of today's tree."""
    legacy = {row["code"] for row in query(_LEGACY_CODES)}
    current = {row["code"] for row in query("select distinct wardCode as code from admin_units")}
    findings = []
    for unit in units:
        if not unit.admin_code:
            continue
        tree = current if unit.valid_from >= MERGER_DATE else legacy
        if unit.admin_code not in tree:
            when = "since" if tree is current else "before"
            findings.append(
                Finding(
                    "unknown_code",
                    unit.unit_code,
                    f"{unit.unit_code}: admin_code {unit.admin_code} ({_where(unit)}) is no "
                    f"territory of the tree {when} {MERGER_DATE}",
                )
            )
        elif tree is legacy and _open_after_reform(unit) and unit.admin_code not in current:
            findings.append(
                Finding(
                    "ended_code",
                    unit.unit_code,
                    f"{unit.unit_code}: its territory {unit.admin_code} ({_where(unit)}) "
                    f"ceased on {MERGER_DATE}; set valid_to to "
                    f"{MERGER_DATE - dt.timedelta(days=1)} (`dvk registry init` adds the "
                    "communes of today)",
                )
            )
    return findings


def _open_after_reform(unit: Unit) -> bool:
    return unit.valid_to is None or unit.valid_to >= MERGER_DATE


_LEGACY_CODES = (
    "select distinct districtCode as code from admin_units_legacy union "
    "select distinct wardCode as code from admin_units_legacy where wardCode is not null"
)
