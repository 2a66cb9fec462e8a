"""`dvk report`: the movement's periodic report of a province or of the nation, from the
published marts, as a Word document and its tables as a workbook beside it."""

from __future__ import annotations

from pathlib import Path

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def movement_report(ws: Workspace, province: str | None, period: str, out: Path) -> int:
    from ingestion.format.periods import parse_period
    from reporting.movement_figures import ReportError, compute, number, scope
    from reporting.movement_report import write_report, write_tables
    from warehouse.publish import open_marts

    if out.suffix.lower() != ".docx":
        raise DvkError(f"{out}: the report is a Word document; name it .docx")
    if not out.parent.exists():
        raise DvkError(f"{out.parent}: no such folder")
    parsed = parse_period(period)
    if parsed is None:
        raise DvkError(f"{period}: not a period; expected 2023, 2023-H1 or 2023-Q1")
    if not ws.marts.exists():
        raise DvkError(f"{ws.marts}: nothing published yet; run `dvk run` first")
    with open_marts(ws.marts) as con:
        try:
            figures = compute(con, scope(con, parsed.code, province))
        except ReportError as error:
            raise DvkError(str(error)) from error
        write_report(con, figures, out)
        tables = write_tables(con, figures, out.with_suffix(".xlsx"))
    value = figures.value
    print(f"Report written: {out}\nTables:         {tables}")
    print(
        f"  {number(value('registered'))} models registered; "
        f"{number(value('recognised_lower'))} recognised below the province by "
        f"{number(value('units_recognising_lower'))}/{number(value('units_owing'))} units; "
        f"{number(value('proposed_province'))} proposed by {number(value('units_proposing'))}; "
        f"{number(value('recognised_province'))} recognised by the province"
    )
    silent = figures.silent_units
    if silent and value("units_proposing"):
        named = ", ".join(silent[:5]) + (f" and {len(silent) - 5} more" if len(silent) > 5 else "")
        print(f"  proposed nothing: {named}")
    return 0


def award_forms(ws: Workspace, year: int, province: str | None, out: Path) -> int:
    """`dvk forms`: the Home Affairs award-statistics forms of a statistical year."""
    from reporting.award_forms import FormsError, forms_scope, write_forms
    from warehouse.publish import open_marts

    if out.suffix.lower() != ".xlsx":
        raise DvkError(f"{out}: the forms are a workbook; name it .xlsx")
    if not out.parent.exists():
        raise DvkError(f"{out.parent}: no such folder")
    if not ws.marts.exists():
        raise DvkError(f"{ws.marts}: nothing published yet; run `dvk run` first")
    with open_marts(ws.marts) as con:
        try:
            scope = forms_scope(con, year, province)
            written = write_forms(con, scope, out)
        except FormsError as error:
            raise DvkError(str(error)) from error
    print(f"Forms written: {out}")
    print(f"  statistical year {year}: {scope.first_day:%d/%m/%Y}–{scope.last_day:%d/%m/%Y}")
    print(f"  {scope.reporting_body}: {', '.join(written)}")
    return 0
