"""Reference data into raw tables: unit registries, the administrative tree, the period calendar,
the award catalogue and the statutory forms.

Each load replaces its table whole: reference data is small, and the registry files or the
package are its source of truth.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.format.cells import parse_date
from ingestion.format.periods import CALENDAR_YEARS, PHASES, calendar, parse_period
from ingestion.format.raw_tables import RAW_SCHEMA
from ingestion.format.vocabulary import CODE_SETS
from ingestion.reference import admin_tree
from ingestion.reference.award_catalogue import Catalogue, like_pattern
from ingestion.reference.registry import Registry, RegistryError
from ingestion.reference.statutory_forms import Form, FormRow


def replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> int:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.register("replacement", frame)
    try:
        con.execute(f"create or replace table {RAW_SCHEMA}.{name} as select * from replacement")
    finally:
        con.unregister("replacement")
    return len(frame)


def load_units(con: duckdb.DuckDBPyConnection, registry: Registry) -> int:
    rows = [
        {**dataclasses.asdict(unit), "reports": ";".join(unit.reports)} for unit in registry.units
    ]
    columns = [f.name for f in dataclasses.fields(registry.units[0])] if rows else ["unit_code"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("valid_from", "valid_to"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return replace_table(con, "units", frame)


def load_provinces(con: duckdb.DuckDBPyConnection) -> int:
    return _load_admin_tree(con, "admin_provinces", admin_tree.provinces)


def load_admin_units(con: duckdb.DuckDBPyConnection) -> int:
    return _load_admin_tree(con, "admin_units", admin_tree.units)


def _load_admin_tree(con: duckdb.DuckDBPyConnection, name: str, build) -> int:
    """The table rebuilt from the package when what it was built from changed; kept otherwise
    (a run then never imports the package)."""
    version = admin_tree.source_version()
    try:
        kept = con.execute(
            f"select count(*), bool_and(source_version = ?) from {RAW_SCHEMA}.{name}", [version]
        ).fetchone()
    except duckdb.CatalogException:  # not built yet
        kept = (0, False)
    if kept[0] and kept[1]:
        return kept[0]
    return replace_table(con, name, build().assign(source_version=version))


def load_codes(con: duckdb.DuckDBPyConnection) -> int:
    """Every code set of the marts with its Vietnamese and English labels."""
    frame = pd.DataFrame(
        [
            {
                "vocabulary": vocabulary.name,
                "code": code,
                "label": vocabulary.label(code),
                "label_en": vocabulary.label_en(code),
                "sort_order": i,
            }
            for vocabulary in CODE_SETS
            for i, code in enumerate(vocabulary.codes)
        ]
    )
    return replace_table(con, "codes", frame)


def load_phases(con: duckdb.DuckDBPyConnection) -> int:
    frame = pd.DataFrame(
        [
            {
                "phase_code": p.code,
                "phase_start": p.start,
                "phase_end": p.end,
                "first_year": p.first_year,
                "last_year": p.last_year,
            }
            for p in PHASES
        ]
    )
    return replace_table(con, "phases", frame)


def load_periods(
    con: duckdb.DuckDBPyConnection, deadlines: dict[str, dt.date] | None = None
) -> int:
    """The calendar; `deadlines` (period_code → date, from reference/deadlines.csv) overrides
    the default of 15 days after the period ends."""
    deadlines = deadlines or {}
    frame = pd.DataFrame(
        [
            {
                "period_code": p.code,
                "period_type": p.period_type,
                "period_start": p.start,
                "period_end": p.end,
                "deadline": deadlines.get(p.code, p.deadline),
                "period_year": p.year,
            }
            for p in calendar(*CALENDAR_YEARS)
        ]
    )
    return replace_table(con, "periods", frame)


def read_deadlines(path: Path) -> dict[str, dt.date]:
    """`reference/deadlines.csv` (period_code, deadline), if the data team keeps one."""
    if not path.exists():
        return {}
    deadlines = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            period, deadline = parse_period(row.get("period_code")), parse_date(row.get("deadline"))
            if period is None or deadline is None:
                raise RegistryError(f"{path.name}, row {number}: expected period_code and deadline")
            deadlines[period.code] = deadline
    return deadlines


def load_award_catalogue(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> int:
    """`award_categories`, and `award_patterns` with their LIKE text (macros/match_key.sql)."""
    categories = pd.DataFrame(
        [
            {
                "sort_order": order,
                "category_code": c.code,
                "name_vi": c.name_vi,
                "name_en": c.name_en,
                "award_level": c.level,
                "granted_by": c.granted_by,
                "legal_basis": c.legal_basis,
                "valid_from": _iso(c.valid_from),
                "valid_to": _iso(c.valid_to),
            }
            for order, c in enumerate(catalogue.categories.values())
        ]
    )
    patterns = pd.DataFrame(
        [
            {
                "priority": p.priority,
                "award_form": p.award_form,
                "authority": p.authority,
                "form_like": like_pattern(p.award_form),
                "authority_like": like_pattern(p.authority),
                "category_code": p.category,
                "valid_from": _iso(p.valid_from),
                "valid_to": _iso(p.valid_to),
            }
            for p in catalogue.patterns
        ]
    )
    replace_table(con, "award_categories", categories)
    return replace_table(con, "award_patterns", patterns)


def load_form_cells(con: duckdb.DuckDBPyConnection, forms: list[Form]) -> int:
    """One row per cell of every statutory form: its row and column, the categories and
    recipients it counts (`;`-separated), whether dvk holds it, and the cells it sums."""
    cells = [
        {
            "row_group": group,
            "form_code": form.code,
            "form_title": form.title,
            "circular": form.circular,
            "form_valid_from": _iso(form.valid_from),
            "form_valid_to": _iso(form.valid_to),
            "receiving_body": form.receiving_body,
            "due": form.due,
            "row_order": row_order,
            "row_code": row.code,
            "row_label": row.label,
            "row_unit_label": row.unit_label,
            "row_recipient_type": row.recipient_type,
            "is_held": row.held,
            "row_sum_of": ";".join(row.sum_of),
            "column_order": column_order,
            "column_code": column.code,
            "column_label": column.label,
            "column_recipient_type": column.recipient_type,
            "categories": ";".join(form.categories(column)),
            "column_sum_of": ";".join(column.sum_of),
        }
        for form in forms
        for row_order, row, group in _grouped(form.rows)
        for column_order, column in enumerate(form.columns)
    ]
    return replace_table(con, "form_cells", pd.DataFrame(cells))


def _grouped(rows: tuple[FormRow, ...]) -> list[tuple[int, FormRow, str]]:
    """The rows that hold cells, each with its order and the heading row above it."""
    group, grouped = "", []
    for order, row in enumerate(rows):
        if row.code:
            grouped.append((order, row, group))
        else:
            group = row.label
    return grouped


def _iso(date: dt.date | None) -> str | None:
    """Dates as text: a column of only empty dates has no type pandas can give DuckDB."""
    return date.isoformat() if date else None
