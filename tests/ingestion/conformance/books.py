"""One logical submission written as each format the contract accepts, by a real library each:
.xlsx by openpyxl, .ods by odfpy, .xls by xlwt, .json by the standard library.

A table is rows (dicts keyed by the contract's keys), or one of the empty states of contract §2;
a state that a format cannot express (a JSON `null` in a workbook, a blank sheet in JSON) is
not written for it: `Case.formats` says which apply.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from ingestion.format.submission_format import INFO, TABLE_SHEETS

TITLE = "BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”"


class Empty(Enum):
    ABSENT = "absent"
    """No sheet, no key."""
    NULL = "null"
    """JSON `null`."""
    EMPTY_LIST = "empty_list"
    """JSON `[]`."""
    HEADER_ONLY = "header_only"
    """The header row and no data rows."""
    BLANK = "blank"
    """The sheet exists and holds nothing."""
    TITLE_ONLY = "title_only"
    """The sheet holds a title line and nothing else (a template's sheet left unfilled)."""


WORKBOOK_FORMATS = ("xlsx", "ods", "xls")
FORMATS = (*WORKBOOK_FORMATS, "json")
APPLIES = {
    Empty.ABSENT: FORMATS,
    Empty.NULL: ("json",),
    Empty.EMPTY_LIST: ("json",),
    Empty.HEADER_ONLY: WORKBOOK_FORMATS,
    Empty.BLANK: WORKBOOK_FORMATS,
    Empty.TITLE_ONLY: WORKBOOK_FORMATS,
}

Rows = list[dict[str, object]]


def write(path: Path, info: dict[str, object], tables: dict[str, Rows | Empty]) -> Path:
    """`path`'s suffix picks the format; `tables` maps sheet keys to rows or an empty state."""
    if path.suffix == ".json":
        return _json(path, info, tables)
    grid = {INFO.name: [[column.header, info[column.key]] for column in _present(info)]}
    for spec in TABLE_SHEETS:
        state = tables.get(spec.key, Empty.ABSENT)
        header = [column.header for column in spec.columns]
        if state is Empty.ABSENT:
            continue
        if state is Empty.BLANK:
            grid[spec.name] = []
        elif state is Empty.TITLE_ONLY:
            grid[spec.name] = [[TITLE]]
        elif state is Empty.HEADER_ONLY:
            grid[spec.name] = [header]
        else:
            grid[spec.name] = [header] + [[row.get(c.key) for c in spec.columns] for row in state]
    {".xlsx": _xlsx, ".ods": _ods, ".xls": _xls}[path.suffix](path, grid)
    return path


def _present(info: dict[str, object]):
    return [column for column in INFO.columns if column.key in info]


def _json(path: Path, info: dict[str, object], tables: dict[str, Rows | Empty]) -> Path:
    document: dict[str, object] = {INFO.key: info}
    for key, state in tables.items():
        if state is Empty.NULL:
            document[key] = None
        elif state is Empty.EMPTY_LIST:
            document[key] = []
        elif isinstance(state, list):
            document[key] = state
    path.write_text(json.dumps(document, ensure_ascii=False, default=_iso), encoding="utf-8")
    return path


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _xlsx(path: Path, grid: dict[str, list[list[object]]]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in grid.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    workbook.save(path)


def _xls(path: Path, grid: dict[str, list[list[object]]]) -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, rows in grid.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, dt.datetime.combine(value, dt.time()), date_style)
                else:
                    sheet.write(r, c, value)
    workbook.save(str(path))


def _ods(path: Path, grid: dict[str, list[list[object]]]) -> None:
    document = OpenDocumentSpreadsheet()
    for name, rows in grid.items():
        table = Table(name=name)
        for row in rows:
            line = TableRow()
            for value in row:
                line.addElement(_ods_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell
