"""Assets that fill the raw tables: reference data, and the submissions waiting in the inbox."""

import itertools

import dagster as dg
import pydantic

from ingestion.check.check_pool import POOL_MIN_FILES
from ingestion.decisions import decision_tables
from ingestion.format.submission_format import TABLE_SHEETS
from ingestion.intake.batch import take_in
from ingestion.intake.intake_report import SHOWN_FILES, files_table, rejection_rules
from ingestion.intake.timing import timed
from ingestion.reference import reference_tables
from ingestion.reference.award_catalogue import Catalogue, install_defaults
from ingestion.reference.registry import Registry
from ingestion.reference.statutory_forms import load_forms
from orchestration.resources import WorkspaceResource
from portal.scope import account_covers
from quality import gx_validation, raw_rows
from quality.run_records import write_intake
from warehouse.duckdb_settings import connect
from warehouse.workspace import Workspace

GROUP = "ingestion"


def _few_files(ws: Workspace) -> bool:
    """Fewer files wait in the inbox than make the intake start its check workers."""
    return sum(1 for _ in itertools.islice(ws.inbox.iterdir(), POOL_MIN_FILES)) < POOL_MIN_FILES


@dg.asset(key=["raw", "units"], group_name=GROUP, description="Reporting-unit registries.")
def raw_units(workspace: WorkspaceResource) -> dg.MaterializeResult:
    ws = workspace.get()
    registry = Registry.load(ws.units_dir)
    with connect(ws.warehouse) as con:
        rows = reference_tables.load_units(con, registry)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


def _reference_asset(name: str, description: str, load):
    @dg.asset(key=["raw", name], group_name=GROUP, description=description)
    def _asset(workspace: WorkspaceResource) -> dg.MaterializeResult:
        with connect(workspace.get().warehouse) as con:
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
    with connect(ws.warehouse) as con:
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


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", "award_categories"], group_name=GROUP,
                     description="The forms of award, their level and who grants them."),
        dg.AssetSpec(["raw", "award_patterns"], group_name=GROUP,
                     description="How offices write awards (form × authority) → a category."),
        dg.AssetSpec(["raw", "form_cells"], group_name=GROUP,
                     description="The cells of the Home Affairs award-statistics forms."),
    ]
)  # fmt: skip
def raw_statutory(workspace: WorkspaceResource):
    """reference/statutory/ (the packaged defaults copied there on the first run, for the data
    team to edit): the award catalogue and the forms, checked before they are loaded."""
    ws = workspace.get()
    install_defaults(ws.reference)
    catalogue = Catalogue.load(ws.reference)
    forms = load_forms(ws.reference, catalogue)
    with connect(ws.warehouse) as con:
        patterns = reference_tables.load_award_catalogue(con, catalogue)
        cells = reference_tables.load_form_cells(con, forms)
    rows = {"award_categories": len(catalogue.categories), "award_patterns": patterns}
    for name, count in {**rows, "form_cells": cells}.items():
        yield dg.MaterializeResult(asset_key=["raw", name], metadata={"dagster/row_count": count})


def _decision_asset(name: str, description: str, load, deps=()):
    @dg.asset(key=["raw", name], group_name=GROUP, description=description, deps=list(deps))
    def _asset(workspace: WorkspaceResource) -> dg.MaterializeResult:
        ws = workspace.get()
        with connect(ws.warehouse) as con:
            return dg.MaterializeResult(metadata={"dagster/row_count": load(con, ws)})

    return _asset


raw_approvals = _decision_asset(
    "approvals",
    "Approvals and reopenings of province × period (reference/approvals.jsonl, append-only).",
    decision_tables.load_approvals,
)
raw_followups = _decision_asset(
    "followups",
    "Auditors' decisions on outliers (reference/followups.jsonl, append-only).",
    decision_tables.load_followups,
)


ROW_TABLES = {sheet.key: sheet.name for sheet in TABLE_SHEETS}
FILES_CHECK = "files_accepted"


class IntakeConfig(dg.Config):
    """`files`: the inbox names of one batch (the inbox sensor sets it); empty: every file."""

    files: list[str] = pydantic.Field(default_factory=list)


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
        dg.AssetSpec(
            ["raw", "held_files"],
            group_name=GROUP,
            deps=[raw_units, raw_approvals],
            description="Files of approved periods held in quarantine/held/ until a reopening.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            FILES_CHECK,
            asset=["raw", "submissions"],
            description="Every file of the run passed validation (pandera); a warning names the "
            "rejected files and their receipts. Rejection is an outcome, so it never blocks.",
        ),
        *(
            dg.AssetCheckSpec(
                raw_rows.CHECK_NAME,
                asset=["raw", key],
                blocking=True,
                description="The rows loaded by this run match the raw table's pandera schema.",
            )
            for key in ROW_TABLES
        ),
    ],
)
def intake(context: dg.AssetExecutionContext, config: IntakeConfig, workspace: WorkspaceResource):
    """Validate the files in inbox/; archive and load the accepted, quarantine the rejected."""
    ws = workspace.get()
    if _few_files(ws):
        # Imported by a worker on the other core while the files load and the models build,
        # used by the checks. Not for a large inbox, whose check workers have every core.
        gx_validation.prestart()
    with connect(ws.warehouse) as con:
        # an uploaded file's account, asked again as of now
        batch = take_in(ws, con, only=config.files or None, scope=account_covers(ws))
        report, held, totals = batch.report, batch.held, batch.totals
        with timed(report.seconds, "check_loaded_rows"):
            checked = raw_rows.check_loaded_rows(con, report.loaded_ids)
    write_intake(ws, context.run.run_id, report)
    if report.rejected:  # one event, however many: each event is a write to the run's storage
        shown = report.rejected[:SHOWN_FILES]
        context.log.info(
            f"{len(report.rejected)} rejected, receipts in {ws.receipts}: "
            + "; ".join(f"{r.original_name} ({r.errors} errors)" for r in shown)
            + (" …" if len(report.rejected) > len(shown) else "")
        )
    yield dg.MaterializeResult(
        asset_key=["raw", "submissions"],
        metadata={
            "accepted": len(report.accepted),
            "rejected": len(report.rejected),
            "duplicates": len(report.duplicates),
            "reloaded_from_archive": len(report.reloaded),
            "held": len(report.held),
            "released_after_reopening": len(report.released),
            "left_in_inbox": len(report.left),
            "rows_loaded": report.rows_loaded,
            "rejected_files": ", ".join(r.original_name for r in report.rejected) or "none",
            "files": dg.MetadataValue.md(files_table(ws, report)),
            "dagster/row_count": totals["submissions"],
            **{f"seconds/{phase}": round(t, 3) for phase, t in report.seconds.items()},
        },
    )
    yield dg.MaterializeResult(
        asset_key=["raw", "held_files"], metadata={"dagster/row_count": held}
    )
    for table in ROW_TABLES:
        yield dg.MaterializeResult(
            asset_key=["raw", table], metadata={"dagster/row_count": totals[table]}
        )
    yield dg.AssetCheckResult(
        asset_key=["raw", "submissions"],
        check_name=FILES_CHECK,
        passed=not report.rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": len(report.rejected),
            "rules": ", ".join(rejection_rules(report.rejected)) or "none",
        },
    )
    for table, (rows, failures) in checked.items():
        yield dg.AssetCheckResult(
            asset_key=["raw", table],
            check_name=raw_rows.CHECK_NAME,
            passed=not failures,
            metadata={
                "rows_checked": rows,
                "failures": len(failures),
                "first_failures": dg.MetadataValue.json(failures[:20]),
            },
        )
