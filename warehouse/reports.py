"""Files for the data team and auditors under `reports/`, written from the warehouse."""

from __future__ import annotations

import os

from warehouse.duckdb_settings import connect
from warehouse.exported_text import spreadsheet_safe_sql
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
TEXT_COLUMNS = frozenset(COLUMNS) - {"name_spellings", "registrations"}


def write_inferred_identities(ws: Workspace) -> int:
    """Every model identified by its name, not a code: the data team checks that spellings
    were merged rightly and asks units to give codes. Replaced whole, atomically; model names
    are the offices' text, so no cell is a live formula. DuckDB writes it (`COPY`): at national
    size it holds about a hundred thousand rows."""
    target = ws.reports / INFERRED_IDENTITIES
    staged = target.with_name(f".{target.name}.tmp")
    columns = ", ".join(
        f"{spreadsheet_safe_sql(column)} as {column}" if column in TEXT_COLUMNS else column
        for column in COLUMNS
    )
    query = (
        f"select {columns} from core.dim_models "
        "where is_identity_inferred order by unit_code, model_name_key"
    )
    with connect(ws.warehouse, read_only=True) as con:
        written = con.execute(
            f"copy ({query}) to '{_literal(staged)}' (format csv, header true)"
        ).fetchone()[0]
    os.replace(staged, target)
    return written


def _literal(path: object) -> str:
    return str(path).replace("'", "''")
