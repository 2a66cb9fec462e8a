"""Writing submission files in the contract's format: for the demo, the tests and the benchmarks.

Rows are dicts keyed by the contract's keys; the workbook gets the Vietnamese headers of
`submission_format`, so a file written here is a file an office could have sent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

from ingestion.format.submission_format import INFO, TABLE_SHEETS, Sheet


def write_xlsx(
    path: Path,
    info: dict[str, object],
    tables: dict[str, list[dict[str, object]]],
    *,
    title_rows: tuple[str, ...] = (),
) -> Path:
    """A workbook with `Thông tin` and one sheet per table; `title_rows` above each header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INFO.name
    for column in INFO.columns:
        if info.get(column.key) is not None:
            sheet.append([column.header, info[column.key]])
    for spec in TABLE_SHEETS:
        if spec.key in tables:
            _write_table(workbook.create_sheet(spec.name), spec, tables[spec.key], title_rows)
    workbook.save(path)
    return path


def _write_table(sheet, spec: Sheet, rows: list[dict[str, object]], title_rows: tuple[str, ...]):
    for title in title_rows:
        sheet.append([title])
    sheet.append([column.header for column in spec.columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in spec.columns])


def write_json(path: Path, info: dict[str, object], tables: dict[str, list[dict[str, object]]]):
    document = {INFO.key: info, **tables}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=_iso), "utf-8")
    return path


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
