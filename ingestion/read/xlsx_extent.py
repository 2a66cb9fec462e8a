"""Sheets whose cells span far more than they hold: one blank cell at row 1,048,576 (a sheet
formatted or cleared whole) makes the reader's range a million rows of empty cells, built and
walked cell by cell. Such a workbook is read from a copy without its blank cells: every cell
that holds something keeps its own row and column, so rows and columns named in a receipt stay
those of the file as sent."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

MAX_SPAN_CELLS = 1_000_000
"""A sheet whose cells span a larger rectangle (rows × columns) is read without its blank
cells. A report of 20,000 rows of 15 columns spans 300,000."""

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.S)
_TYPE = re.compile(rb'\bt="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_SHARED = re.compile(rb"<si>(.*?)</si>", re.S)
_EMPTY_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>\s*</row>)")
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")


def compacted(path: Path) -> io.BytesIO | None:
    """A copy of the workbook at `path` without its blank cells, when a sheet spans more than
    `MAX_SPAN_CELLS`; None for every other workbook (the usual case: nothing is copied)."""
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if _WORKSHEET.fullmatch(n)]
        wide = [n for n in sheets if _span(archive.read(n)) > MAX_SPAN_CELLS]
        if not wide:
            return None
        shared = _shared_strings(archive)
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
            for member in archive.infolist():
                data = archive.read(member)
                if member.filename in wide:
                    data = _without_blank_cells(data, shared)
                target.writestr(member, data)
    copy.seek(0)
    return copy


def _span(sheet: bytes) -> int:
    rows = columns = 0
    for letters, row in _REF.findall(sheet):
        rows = max(rows, int(row))
        columns = max(columns, _column_number(letters))
    return rows * columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _shared_strings(archive: zipfile.ZipFile) -> list[bytes]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    table = archive.read("xl/sharedStrings.xml")
    return [b"".join(_TEXT.findall(item)) for item in _SHARED.findall(table)]


def _without_blank_cells(sheet: bytes, shared: list[bytes]) -> bytes:
    sheet = _CELL.sub(lambda cell: cell.group(0) if _holds_value(cell, shared) else b"", sheet)
    return _DIMENSION.sub(b"", _EMPTY_ROW.sub(b"", sheet))


def _holds_value(cell: re.Match[bytes], shared: list[bytes]) -> bool:
    """Whether the cell holds anything but blanks: a formula, a number, text other than spaces.
    What this cannot tell is kept: keeping a blank cell costs time, dropping a value loses it."""
    body = cell.group(1)
    if not body:
        return False
    if b"<f" in body:
        return True
    kind = _TYPE.search(cell.group(0)[: cell.group(0).index(b">") + 1])
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return bool(b"".join(_TEXT.findall(body)).strip())
    value = _VALUE.search(body)
    if value is None:
        return False
    if kind == b"s":
        index = value.group(1).strip()
        if not index.isdigit() or int(index) >= len(shared):
            return True
        return bool(shared[int(index)].strip())
    return bool(value.group(1).strip())
