"""The Home Affairs award-statistics forms as data: each form's rows and columns, which award
categories a column counts, which recipients a row counts, which rows dvk holds, and which cells
are the sum of others (the form's own arithmetic, tested by dbt on mart_award_form_cells). A new
circular is new rows in forms.csv, form_rows.csv and form_columns.csv (award_catalogue.FILES),
dated by when it is in force: no code changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ingestion.format.cells import parse_date
from ingestion.reference.award_catalogue import (
    Catalogue,
    CatalogueError,
    read_rows,
    statutory_file,
)

FORM_COLUMNS = ("form_code", "title", "circular", "valid_from", "valid_to", "receiving_body", "due")
ROW_COLUMNS = ("form_code", "row_code", "label", "unit_label", "recipient_type", "held", "sum_of")
COLUMN_COLUMNS = ("form_code", "column_code", "label", "categories", "recipient_type", "sum_of")
RECIPIENTS = ("", "tap_the", "ca_nhan")


@dataclass(frozen=True)
class FormRow:
    code: str
    """Empty for a heading row (`1. Chia theo …`), which holds no cells."""
    label: str
    unit_label: str
    recipient_type: str
    held: bool
    """False: dvk does not record what the row counts (enterprises, leaders, the method of
    award); its cells are left empty and shaded."""
    sum_of: tuple[str, ...]


@dataclass(frozen=True)
class FormColumn:
    code: str
    label: str
    categories: tuple[str, ...]
    recipient_type: str
    sum_of: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    circular: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    receiving_body: str
    due: str
    rows: tuple[FormRow, ...]
    columns: tuple[FormColumn, ...]

    def in_force(self, statistical_year: int) -> bool:
        """In force on 30 November, the last day of the statistical year it reports."""
        last_day = dt.date(statistical_year, 11, 30)
        return (self.valid_from is None or self.valid_from <= last_day) and (
            self.valid_to is None or last_day <= self.valid_to
        )

    def categories(self, column: FormColumn) -> tuple[str, ...]:
        """The categories a column counts, its parts' for a total."""
        if not column.sum_of:
            return column.categories
        parts = {c.code: c for c in self.columns}
        return tuple(code for part in column.sum_of for code in self.categories(parts[part]))


def load_forms(reference: Path | None, catalogue: Catalogue) -> list[Form]:
    """Every form the statutory files define, checked against the catalogue and themselves."""
    rows: dict[str, list[FormRow]] = {}
    for row, where in read_rows(statutory_file(reference, "form_rows.csv"), ROW_COLUMNS):
        _recipient(row, where)
        rows.setdefault(row["form_code"], []).append(
            FormRow(
                row["row_code"],
                row["label"],
                row["unit_label"],
                row["recipient_type"],
                row["held"].lower() in {"yes", "true", "1", "có"},
                _parts(row["sum_of"]),
            )
        )
    columns: dict[str, list[FormColumn]] = {}
    for row, where in read_rows(statutory_file(reference, "form_columns.csv"), COLUMN_COLUMNS):
        _recipient(row, where)
        categories = _parts(row["categories"])
        unknown = [code for code in categories if code not in catalogue.categories]
        if unknown:
            raise CatalogueError(
                f"{where}, column categories: {', '.join(unknown)} not in categories.csv"
            )
        columns.setdefault(row["form_code"], []).append(
            FormColumn(
                row["column_code"], row["label"], categories, row["recipient_type"],
                _parts(row["sum_of"]),
            )
        )  # fmt: skip
    forms = []
    for row, where in read_rows(statutory_file(reference, "forms.csv"), FORM_COLUMNS):
        code = row["form_code"]
        if code not in rows or code not in columns:
            raise CatalogueError(f"{where}: {code} has no rows or no columns")
        form = Form(
            code,
            row["title"],
            row["circular"],
            _date(row, "valid_from", where),
            _date(row, "valid_to", where),
            row["receiving_body"],
            row["due"],
            tuple(rows[code]),
            tuple(columns[code]),
        )
        _check_parts(form, where)
        forms.append(form)
    return forms


def in_force(forms: list[Form], statistical_year: int) -> list[Form]:
    return [form for form in forms if form.in_force(statistical_year)]


def _parts(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _recipient(row: dict[str, str], where: str) -> None:
    if row["recipient_type"] not in RECIPIENTS:
        raise CatalogueError(
            f"{where}, column recipient_type: {row['recipient_type']!r}; expected tap_the, "
            "ca_nhan or nothing"
        )


def _date(row: dict[str, str], column: str, where: str) -> dt.date | None:
    date = parse_date(row[column]) if row[column] else None
    if row[column] and date is None:
        raise CatalogueError(f"{where}, column {column}: {row[column]!r} is not a date")
    return date


def _check_parts(form: Form, where: str) -> None:
    row_codes = {row.code for row in form.rows if row.code}
    column_codes = {column.code for column in form.columns}
    for row in form.rows:
        missing = set(row.sum_of) - row_codes
        if missing:
            raise CatalogueError(f"{where}: row {row.code} sums unknown rows {sorted(missing)}")
    for column in form.columns:
        missing = set(column.sum_of) - column_codes
        if missing:
            raise CatalogueError(
                f"{where}: column {column.code} sums unknown columns {sorted(missing)}"
            )
