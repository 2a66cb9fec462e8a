"""Files for the data team and auditors under `reports/`, written from the warehouse."""

from __future__ import annotations

import csv
import os

from warehouse.duckdb_settings import connect
from warehouse.exported_text import spreadsheet_safe
from warehouse.workspace import Workspace

INFERRED_IDENTITIES = "inferred_model_identities.csv"
COLUMNS = (
    "unit_code",
    "model_name",
    "model_name_key",
    "name_spellings",
    "registrations",
    "first_period",
    "last_period",
    "model_key",
)


def write_inferred_identities(ws: Workspace) -> int:
    """Every model identified by its name, not a code: the data team checks that spellings
    were merged rightly and asks units to give codes. Replaced whole, atomically; model names
    are the offices' text, so no cell is a live formula."""
    target = ws.reports / INFERRED_IDENTITIES
    staged = target.with_name(f".{target.name}.tmp")
    with connect(ws.warehouse, read_only=True) as con:
        rows = con.execute(
            f"select {', '.join(COLUMNS)} from core.dim_models "
            "where is_identity_inferred order by unit_code, model_name_key"
        ).fetchall()
    with staged.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    os.replace(staged, target)
    return len(rows)
