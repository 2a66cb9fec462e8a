"""Reporting-unit registries (contract §3): `reference/units/*.csv`, kept by the data team."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ingestion.format.cells import parse_date
from ingestion.format.periods import Period
from ingestion.format.suggestions import nearest
from ingestion.format.vietnamese import code_key, fold
from ingestion.format.vocabulary import UNIT_TYPE

COLUMNS = (
    "unit_code",
    "unit_name",
    "unit_type",
    "province_code",
    "admin_code",
    "valid_from",
    "valid_to",
    "reports",
)
UNIT_TYPES = frozenset(UNIT_TYPE.codes)


class RegistryError(ValueError):
    """A registry file the pipeline cannot trust; the message names the file, row and column."""


@dataclass(frozen=True)
class Unit:
    unit_code: str
    unit_name: str
    unit_type: str
    province_code: str
    admin_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    reports: tuple[str, ...]
    source_file: str
    source_row: int = 0
    """The row of `source_file` (its header is row 1)."""

    def is_valid_for(self, period: Period) -> bool:
        """Active on some day of the period."""
        return self.valid_from <= period.end and (
            self.valid_to is None or self.valid_to >= period.start
        )


class Registry:
    """Every unit of every registry file; a unit code may appear in several rows over time."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self._by_code: dict[str, list[Unit]] = {}
        for unit in units:
            self._by_code.setdefault(code_key(unit.unit_code), []).append(unit)

    @classmethod
    def load(cls, folder: Path) -> Registry:
        units: list[Unit] = []
        for path in sorted(folder.glob("*.csv")):
            units.extend(_read_file(path))
        return cls(units)

    def versions(self, unit_code: str) -> list[Unit]:
        return self._by_code.get(code_key(unit_code), [])

    def find(self, unit_code: str, period: Period) -> Unit | None:
        return next((u for u in self.versions(unit_code) if u.is_valid_for(period)), None)

    def suggest(self, unit_code: str) -> str:
        """What an office should have written for an unknown unit: the nearest codes (by code or
        by the unit's name, since offices write "Tánh Linh" too) and the registry they are in,
        by its province's name: offices do not have the registry files."""
        candidates = [(u.unit_code, u.unit_code) for u in self.units]
        candidates += [(u.unit_name, u.unit_code) for u in self.units]
        # "Tánh Linh" for "Huyện ủy Tánh Linh": the name without its kind of committee.
        candidates += [(_place(u.unit_name), u.unit_code) for u in self.units]
        close = nearest(unit_code, candidates)
        if not close:
            return "mã đơn vị đã đăng ký với tỉnh / a unit code registered with the province"
        from ingestion.reference.admin_tree import province_name  # the tree costs 0.5 s to import

        unit = self.versions(close[0])[0]
        province = province_name(unit.province_code, unit.valid_from) or unit.province_code
        codes = ", ".join(close)
        return (
            f"Có phải / Did you mean: {codes}? (danh mục đơn vị {province} / "
            f"unit registry of {province}, {unit.source_file})"
        )


_COMMITTEES = tuple(fold(f"{kind} ủy ") for kind in ("Huyện", "Thị", "Thành", "Đảng", "Tỉnh"))


def _place(unit_name: str) -> str:
    folded = fold(unit_name)
    prefix = next((p for p in _COMMITTEES if folded.startswith(p)), "")
    return folded.removeprefix(prefix)


def _read_file(path: Path) -> list[Unit]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryError(f"{path.name}: missing columns {', '.join(missing)}")
        return [_unit(path, number, row) for number, row in enumerate(reader, start=2)]


def _unit(path: Path, number: int, row: dict[str, str]) -> Unit:
    def fail(column: str, expected: str) -> RegistryError:
        found = row.get(column)
        return RegistryError(
            f"{path.name}, row {number}, column {column}: {found!r}, expected {expected}"
        )

    values = {key: (row.get(key) or "").strip() for key in COLUMNS}
    for column in ("unit_code", "unit_name", "province_code", "valid_from"):
        if not values[column]:
            raise fail(column, "a value")
    if values["unit_type"] not in UNIT_TYPES:
        raise fail("unit_type", " · ".join(sorted(UNIT_TYPES)))
    valid_from = parse_date(values["valid_from"])
    if valid_from is None:
        raise fail("valid_from", "a date (yyyy-mm-dd or dd/mm/yyyy)")
    valid_to = parse_date(values["valid_to"]) if values["valid_to"] else None
    if values["valid_to"] and valid_to is None:
        raise fail("valid_to", "a date or nothing")
    return Unit(
        unit_code=values["unit_code"],
        unit_name=values["unit_name"],
        unit_type=values["unit_type"],
        province_code=values["province_code"].zfill(2),
        admin_code=values["admin_code"] or None,
        valid_from=valid_from,
        valid_to=valid_to,
        reports=tuple(p.strip() for p in values["reports"].split(";") if p.strip()),
        source_file=path.name,
        source_row=number,
    )
