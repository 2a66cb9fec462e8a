"""Assets that fill the raw tables: reference data, and the submissions waiting in the inbox."""

import dagster as dg
import duckdb

from ingestion.intake import process_inbox
from ingestion.registry import Registry
from ingestion.submission_format import TABLE_SHEETS
from orchestration.resources import WorkspaceResource
from warehouse import reference_tables
from warehouse.raw_tables import RAW_SCHEMA, create_raw_tables

GROUP = "ingestion"


@dg.asset(key=["raw", "units"], group_name=GROUP, description="Reporting-unit registries.")
def raw_units(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    registry = Registry.load(ws.units_dir)
    with duckdb.connect(str(ws.warehouse)) as con:
        rows = reference_tables.load_units(con, registry)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


def _reference_asset(name: str, description: str, load):
    @dg.asset(key=["raw", name], group_name=GROUP, description=description)
    def _asset(workspace: WorkspaceResource) -> dg.MaterializeResult:
        with duckdb.connect(str(workspace.get().warehouse)) as con:
            return dg.MaterializeResult(metadata={"dagster/row_count": load(con)})

    return _asset


raw_admin_provinces = _reference_asset(
    "admin_provinces",
    "Provinces before and after the 2025 merger, from vietnamadminunits.",
    reference_tables.load_provinces,
)


@dg.asset(key=["raw", "periods"], group_name=GROUP, description="Reporting-period calendar.")
def raw_periods(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    deadlines = reference_tables.read_deadlines(ws.deadlines_file)
    with duckdb.connect(str(ws.warehouse)) as con:
        rows = reference_tables.load_periods(con, deadlines)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


raw_phases = _reference_asset("phases", "The movement's phases.", reference_tables.load_phases)
raw_codes = _reference_asset(
    "codes", "Coded values with their labels.", reference_tables.load_codes
)
raw_admin_units = _reference_asset(
    "admin_units",
    "Districts and communes before and after 2025, from vietnamadminunits.",
    reference_tables.load_admin_units,
)


ROW_TABLES = {sheet.key: sheet.name for sheet in TABLE_SHEETS}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", "submissions"],
            group_name=GROUP,
            deps=[raw_units],
            description="One row per file processed from inbox/, accepted or rejected.",
        ),
        *(
            dg.AssetSpec(
                ["raw", key],
                group_name=GROUP,
                deps=[raw_units],
                description=f"The `{name}` rows of accepted files, with file, sheet and row.",
            )
            for key, name in ROW_TABLES.items()
        ),
    ],
)
def intake(context: dg.AssetExecutionContext, workspace: WorkspaceResource):
    """Validate every file in inbox/; archive and load the accepted, quarantine the rejected."""
    ws = workspace.get()
    registry = Registry.load(ws.units_dir)
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        report = process_inbox(ws, registry, con)
        totals = {
            table: con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchone()[0]
            for table in ["submissions", *ROW_TABLES]
        }
    for receipt in report.rejected:
        context.log.warning(
            f"{receipt.original_name}: rejected with {receipt.errors} errors, "
            f"receipt {ws.receipts / (receipt.submission_id + '.receipt.md')}"
        )
    yield dg.MaterializeResult(
        asset_key=["raw", "submissions"],
        metadata={
            "accepted": len(report.accepted),
            "rejected": len(report.rejected),
            "duplicates": len(report.duplicates),
            "reloaded_from_archive": len(report.reloaded),
            "rejected_files": ", ".join(r.original_name for r in report.rejected) or "none",
            "dagster/row_count": totals["submissions"],
        },
    )
    for table in ROW_TABLES:
        yield dg.MaterializeResult(
            asset_key=["raw", table], metadata={"dagster/row_count": totals[table]}
        )
