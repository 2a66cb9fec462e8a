"""Files for the data team and auditors under `reports/`, written from the warehouse."""

from __future__ import annotations

import os

from warehouse.duckdb_settings import connect
from warehouse.publish import quoted
from warehouse.workspace import Workspace

INFERRED_IDENTITIES = "inferred_model_identities.csv"


def write_inferred_identities(ws: Workspace) -> int:
    """Every model identified by its name, not a code: the data team checks that spellings
    were merged rightly and asks units to give codes. Replaced whole, atomically."""
    target = ws.reports / INFERRED_IDENTITIES
    staged = target.with_name(f".{target.name}.tmp")
    with connect(ws.warehouse, read_only=True) as con:
        query = (
            "select unit_code, model_name, model_name_key, name_spellings, registrations, "
            "first_period, last_period, model_key from core.dim_models "
            "where is_identity_inferred order by unit_code, model_name_key"
        )
        con.execute(f"copy ({query}) to {quoted(staged)} (header, delimiter ',')")
        rows = con.execute(f"select count(*) from ({query})").fetchone()[0]
    os.replace(staged, target)
    return rows
