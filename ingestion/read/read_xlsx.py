"""Workbooks (.xlsx, .xlsm, .xls, .ods) through python-calamine: fast, and typed cells as stored."""

from __future__ import annotations

import re
from pathlib import Path

from python_calamine import CalamineWorkbook

from ingestion.format.cells import cell_text
from ingestion.format.parsed import ROW, ParsedSubmission, Table
from ingestion.format.rules import Finding
from ingestion.format.submission_format import (
    EXAMPLE_MARKS,
    INFO,
    TABLE_SHEETS,
    TEMPLATE_ONLY_SHEETS,
    Sheet,
)
from ingestion.format.vietnamese import fold
from ingestion.read.xlsx_extent import compacted
from ingestion.read.xlsx_package import check_package

# A header may sit below title rows; it is looked for in this many rows from the top.
HEADER_SEARCH_ROWS = 20


def read_workbook(path: Path) -> ParsedSubmission:
    """Read every known sheet of a workbook. Raises PackageProblem for a file that must not be
    opened, and the reader's own error for one that is not a workbook."""
    parsed = ParsedSubmission()
    parsed.findings += check_package(path)
    far_reaching = compacted(path)
    workbook = (
        CalamineWorkbook.from_path(str(path))
        if far_reaching is None
        else CalamineWorkbook.from_filelike(far_reaching)
    )
    hidden = {m.name for m in workbook.sheets_metadata if str(m.visible).endswith("Hidden")}
    template_only = {fold(name) for name in TEMPLATE_ONLY_SHEETS}
    read: dict[str, str] = {}  # the sheets read: format sheet key → the workbook's name for it
    try:
        for name in workbook.sheet_names:
            if fold(name) in template_only:
                continue
            spec = _spec_for(name)
            copied = _spec_for(_COPY.sub("", name)) if spec is None and _COPY.search(name) else None
            if copied is not None:
                # "Đăng ký (2)": Excel's name for a copied sheet. Read as the sheet, or left out,
                # a later version could add or wipe a unit's figures unseen.
                expected = f"{copied.name} (một trang duy nhất / one sheet only)"
                parsed.findings.append(Finding("SHEET_COPY", name, None, None, name, expected))
                continue
            if spec is not None and spec.key in read:
                both = f"{read[spec.key]} · {name}"
                parsed.findings.append(Finding("SHEET_DUPLICATE", name, None, None, name, both))
                continue
            sheet = workbook.get_sheet_by_name(name)
            grid = _filled(_rows_with_values(sheet), sheet.merged_cell_ranges or [])
            if spec is not None:
                read[spec.key] = name
            if spec is not None and name in hidden:
                parsed.findings.append(Finding("SHEET_HIDDEN", sheet=name))
            if spec is INFO:
                parsed.info_sheet = name
                parsed.info = _read_labels(grid)
            elif spec is not None:
                _read_table(parsed, spec, name, grid)
            elif any(any(row) for row in grid):
                parsed.findings.append(Finding("SHEET_IGNORED", sheet=name))
    finally:
        workbook.close()
    return parsed


_COPY = re.compile(r"\s*\(\d+\)\s*$")
"""The suffix Excel gives a copied sheet: "Đăng ký (2)"."""


def _spec_for(name: str) -> Sheet | None:
    return INFO if INFO.matches(name) else next((s for s in TABLE_SHEETS if s.matches(name)), None)


def _rows_with_values(sheet) -> list[list[object]]:
    """The sheet's rows down to the last that holds a value. A cell of blank text far below the
    data (row 1,048,576 of a sheet someone formatted whole) makes the sheet's range a million
    rows: those are streamed past, never turned into Python lists of cells all at once."""
    rows: list[list[object]] = []
    blank = 0
    for row in sheet.iter_rows():
        if any(row) and any(not isinstance(v, str) or v.strip() for v in row if v):
            rows.extend([] for _ in range(blank))
            rows.append(row)
            blank = 0
        else:
            blank += 1
    return rows


def _filled(rows: list[list[object]], merged: list) -> list[list[str | None]]:
    """Cells as text, the value of a cell merged down repeated on the rows below that hold other
    data: offices merge a "Lĩnh vực" cell over the rows it applies to."""
    grid = [[cell_text(value) for value in row] for row in rows]
    for (top, left), (bottom, _right) in merged:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        for cells in grid[top + 1 : bottom + 1]:
            if left < len(cells) and cells[left] is None and any(cells):
                cells[left] = grid[top][left]
    return grid


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _read_labels(grid: list[list[str | None]]) -> dict[str, tuple[str | None, int]]:
    """Label in column A, value in column B; the first row of each label wins."""
    info: dict[str, tuple[str | None, int]] = {}
    for number, row in enumerate(grid, start=1):
        if not row or row[0] is None:
            continue
        column = INFO.column_for(row[0])
        if column and column.key not in info:
            info[column.key] = (row[1] if len(row) > 1 else None, number)
    return info


def _read_table(parsed: ParsedSubmission, spec: Sheet, name: str, grid: list) -> None:
    header_index = _find_header(spec, grid)
    if header_index is None and not any(sum(c is not None for c in row) >= 2 for row in grid):
        return  # a blank sheet, or only a title: no rows, as if the sheet were absent
    if header_index is None:
        missing = ", ".join(c.header for c in spec.columns if c.required)
        parsed.findings.append(Finding("HEADER_MISSING", sheet=name, expected=missing))
        return
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    for index, header in enumerate(grid[header_index]):
        if header is None:
            continue
        column = spec.column_for(header)
        letter = column_letter(index)
        if column is not None and column.key in positions:
            first = columns[column.key]
            both = f"{first} · {header} ({letter})"
            parsed.findings.append(
                Finding("HEADER_DUPLICATE", name, header_index + 1, letter, header, both)
            )
            continue
        if column is None:
            parsed.findings.append(
                Finding(
                    "COLUMN_IGNORED",
                    sheet=name,
                    row=header_index + 1,
                    column=letter,
                    value=header,
                )
            )
            continue
        positions[column.key] = index
        columns[column.key] = f"{header} ({letter})"
    rows = []
    for number, cells in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if any(_is_example_mark(cell) for cell in cells):
            continue  # the template's example row, still marked as the example
        record = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        if any(value is not None for value in record.values()):
            rows.append({ROW: number, **record})
    parsed.tables[spec.key] = Table(spec, name, rows, columns)


_EXAMPLES = frozenset(fold(mark) for mark in EXAMPLE_MARKS)
# Every mark starts with a D after its spaces (folding keeps letters): most cells are rejected
# without being folded.
assert {mark.lstrip()[0] for mark in EXAMPLE_MARKS} == {"D"}


def _is_example_mark(cell: str | None) -> bool:
    return cell is not None and cell.lstrip()[:1] in ("D", "d") and fold(cell) in _EXAMPLES


def _find_header(spec: Sheet, grid: list[list[str | None]]) -> int | None:
    """The first row where at least two cells are headers of this sheet."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in row if cell and spec.column_for(cell)) >= 2:
            return index
    return None
