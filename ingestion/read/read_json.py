"""Machine submissions: one JSON object with the keys `submission`, `registrations`, ...

Keys of objects may be the contract's keys or the workbook's Vietnamese headers. Rows are
numbered by their position in their list, from 1. An optional section that is absent, `[]` or
`null` has no rows (contract §2). A key repeated in one object is an error naming it: the
standard parser would keep the last value silently, and the rows could land under another unit.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.format.cells import cell_text
from ingestion.format.parsed import ROW, ParsedSubmission, Table
from ingestion.format.rules import Finding
from ingestion.format.submission_format import INFO, TABLE_SHEETS


class JsonShapeError(ValueError):
    """The JSON parses but is not a submission object."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


class _Object(dict):
    """A JSON object that remembers the keys it held more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> _Object:
    found = _Object(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        found.repeated = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return found


def read_json(path: Path) -> ParsedSubmission:
    document = json.loads(decode(path.read_bytes()), object_pairs_hook=_object)
    if not isinstance(document, dict):
        raise JsonShapeError("the file must hold one JSON object")
    parsed = ParsedSubmission()
    parsed.findings += _repeated_keys(document)
    parsed.findings += _ambiguous(document, [INFO, *TABLE_SHEETS], None, None)
    for key, value in document.items():
        if INFO.matches(key):
            if value is None:
                continue  # reported as the missing required sheet
            if not isinstance(value, dict):
                raise JsonShapeError(f"'{key}' must be an object")
            if parsed.info_sheet is not None:
                continue  # both a key and its alias: KEY_AMBIGUOUS, and neither is guessed at
            parsed.info_sheet = key
            parsed.info = _read_labels(value)
            parsed.findings += _ambiguous(value, INFO.columns, key, None)
        elif spec := next((s for s in TABLE_SHEETS if s.matches(key)), None):
            if value is None or value == []:
                continue  # an empty optional section, as if absent
            if not isinstance(value, list):
                raise JsonShapeError(f"'{key}' must be a list of objects")
            if spec.key in parsed.tables:
                continue  # both a key and its alias: KEY_AMBIGUOUS
            rows, columns, ignored = [], {}, set()
            for number, item in enumerate(value, start=1):
                if not isinstance(item, dict):
                    raise JsonShapeError(f"'{key}' item {number} must be an object")
                record: dict[str, str | None] = {ROW: number}
                named: dict[str, str] = {}  # column key → the row's key for it
                for name, cell in item.items():
                    column = spec.column_for(name)
                    if column is None:
                        if name not in ignored:
                            ignored.add(name)
                            parsed.findings.append(
                                Finding("COLUMN_IGNORED", sheet=key, row=number, column=name)
                            )
                        continue
                    if column.key in named:  # a column and its alias: KEY_AMBIGUOUS
                        parsed.findings.append(_ambiguity(key, number, named[column.key], name))
                        continue
                    named[column.key] = name
                    columns.setdefault(column.key, name)
                    record[column.key] = _text(cell)
                rows.append(record)
            parsed.tables[spec.key] = Table(spec, key, rows, columns)
        elif value:
            parsed.findings.append(Finding("SHEET_IGNORED", sheet=key))
    return parsed


_ONCE = "mỗi khóa một lần trong một đối tượng / each key once in an object"


def _ambiguous(value: dict, specs, sheet: str | None, row: int | None) -> list[Finding]:
    """KEY_AMBIGUOUS where two keys of one object name the same section or column (a key and
    its Vietnamese alias: `submission` and `Thông tin`, `unit_code` and `Mã đơn vị`): which one
    the office meant cannot be known, so neither is chosen silently."""
    findings, first = [], {}
    for key in value:
        spec = next((s for s in specs if s.matches(key)), None)
        if spec is None:
            continue
        if spec.key in first:
            findings.append(_ambiguity(key if sheet is None else sheet, row, first[spec.key], key))
        else:
            first[spec.key] = key
    return findings


def _ambiguity(sheet: str, row: int | None, first: str, key: str) -> Finding:
    expected = f"chỉ một trong hai / only one of: {first} · {key}"
    return Finding("KEY_AMBIGUOUS", sheet, row, key, key, expected)


def _repeated_keys(document: object) -> list[Finding]:
    """One KEY_DUPLICATE per key repeated in an object, placed at its section and row."""
    findings: list[Finding] = []

    def walk(value: object, sheet: str | None, row: int | None) -> None:
        if isinstance(value, _Object):
            findings.extend(
                Finding("KEY_DUPLICATE", sheet, row, key, key, _ONCE)
                for key in dict.fromkeys(value.repeated)
            )
            for key, item in value.items():
                inner = (key, None) if sheet is None else (sheet, row)
                walk(item, *inner)
        elif isinstance(value, list):
            for number, item in enumerate(value, start=1):
                walk(item, sheet, number if row is None else row)

    walk(document, None, None)
    return findings


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
