"""Machine submissions: one JSON object with the keys `submission`, `registrations`, ...

Keys of objects may be the contract's keys or the workbook's Vietnamese headers. Rows are
numbered by their position in their list, from 1.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.cells import cell_text
from ingestion.parsed import ROW, ParsedSubmission, Table
from ingestion.rules import Finding
from ingestion.submission_format import INFO, TABLE_SHEETS


class JsonShapeError(ValueError):
    """The JSON parses but is not a submission object."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def read_json(path: Path) -> ParsedSubmission:
    document = json.loads(decode(path.read_bytes()))
    if not isinstance(document, dict):
        raise JsonShapeError("the file must hold one JSON object")
    parsed = ParsedSubmission()
    for key, value in document.items():
        if INFO.matches(key):
            if not isinstance(value, dict):
                raise JsonShapeError(f"'{key}' must be an object")
            parsed.info_sheet = key
            parsed.info = _read_labels(value)
        elif spec := next((s for s in TABLE_SHEETS if s.matches(key)), None):
            if not isinstance(value, list):
                raise JsonShapeError(f"'{key}' must be a list of objects")
            rows, columns, ignored = [], {}, set()
            for number, item in enumerate(value, start=1):
                if not isinstance(item, dict):
                    raise JsonShapeError(f"'{key}' item {number} must be an object")
                record: dict[str, str | None] = {ROW: number}
                for name, cell in item.items():
                    column = spec.column_for(name)
                    if column is None:
                        if name not in ignored:
                            ignored.add(name)
                            parsed.findings.append(
                                Finding("COLUMN_IGNORED", sheet=key, row=number, column=name)
                            )
                        continue
                    columns.setdefault(column.key, name)
                    record[column.key] = _text(cell)
                rows.append(record)
            parsed.tables[spec.key] = Table(spec, key, rows, columns)
        elif value:
            parsed.findings.append(Finding("SHEET_IGNORED", sheet=key))
    return parsed


def _read_labels(values: dict) -> dict[str, tuple[str | None, int]]:
    info: dict[str, tuple[str | None, int]] = {}
    for number, (name, cell) in enumerate(values.items(), start=1):
        column = INFO.column_for(name)
        if column and column.key not in info:
            info[column.key] = (_text(cell), number)
    return info


def _text(cell: object) -> str | None:
    if isinstance(cell, (dict, list)):
        return json.dumps(cell, ensure_ascii=False)
    return cell_text(cell)
