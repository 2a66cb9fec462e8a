"""Checks on a workbook's container before any cell is read: encryption, zip bombs, and formula
cells that were never calculated (files written by scripts, not saved by a spreadsheet)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from ingestion.format.rules import Finding
from ingestion.format.submission_format import INFO, TEMPLATE_ONLY_SHEETS
from ingestion.format.vietnamese import fold

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_HAS_VALUE = re.compile(rb"<v>[^<]|<is>")
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_RELATION_REVERSED = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_HIDDEN_ROW = re.compile(rb'<row [^>]*?\bhidden="(?:1|true)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_ROW_NUMBER = re.compile(rb'<c r="[A-Z]+(\d+)"')


class PackageProblem(Exception):
    """The file cannot be read at all; `finding` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.rule_id)
        self.finding = finding


def check_package(path: Path) -> list[Finding]:
    """Raise PackageProblem for a file that must not be opened; return lesser findings."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise PackageProblem(Finding("FILE_ENCRYPTED", value=path.suffix))
    if not zipfile.is_zipfile(path):
        return []
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        packed = max(1, sum(m.compress_size for m in members))
        if unpacked > MAX_UNPACKED_BYTES or (
            unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_RATIO
        ):
            limit = MAX_UNPACKED_BYTES // (1024 * 1024)
            raise PackageProblem(
                Finding(
                    "FILE_UNREADABLE",
                    value=f"giải nén / unpacked {unpacked} bytes, nén / packed {packed}",
                    expected=f"tối đa {limit} MiB khi giải nén / at most {limit} MiB unpacked",
                )
            )
        return _sheet_findings(archive)


def _sheet_findings(archive: zipfile.ZipFile) -> list[Finding]:
    """FORMULA_NO_VALUE at each formula cell never calculated that a reader reads (not on the
    template's own sheets, nor beside the labels and values of `Thông tin`, where the template
    shows the chosen unit's name); ROWS_HIDDEN once per sheet with hidden rows that hold values
    (an office reads the sheet without them; dvk counts them)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    relations = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for target, rid in _RELATION.findall(relations)}
    targets.update(dict(_RELATION_REVERSED.findall(relations)))
    findings = []
    for name, rid in _SHEET.findall(archive.read("xl/workbook.xml")):
        member = _member(targets.get(rid, b"").decode())
        if member not in names:
            continue
        sheet = archive.read(member)
        findings += _hidden_rows(_unescape(name), sheet)
        if b"<f" not in sheet:  # no formula at all: most sheets
            continue
        folded = fold(_unescape(name))
        if folded in _TEMPLATE_ONLY:
            continue
        read_columns = (b"A", b"B") if folded == _INFO else None
        for column, row, body in _CELL.findall(sheet):
            if read_columns and column not in read_columns:
                continue
            if body and b"<f" in body and not _HAS_VALUE.search(body):
                findings.append(
                    Finding(
                        "FORMULA_NO_VALUE",
                        sheet=_unescape(name),
                        row=int(row),
                        column=column.decode(),
                    )
                )
    return findings


_TEMPLATE_ONLY = {fold(name) for name in TEMPLATE_ONLY_SHEETS}
_INFO = fold(INFO.name)


def _hidden_rows(sheet_name: str, sheet: bytes) -> list[Finding]:
    if b"hidden=" not in sheet:  # most sheets
        return []
    rows = [
        int(number.group(1))
        for match in _HIDDEN_ROW.finditer(sheet)
        if match.group(1) and _HAS_VALUE.search(match.group(1))
        for number in [_ROW_NUMBER.search(match.group(1))]
        if number
    ]
    if not rows:
        return []
    shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
    expected = f"{len(rows)} dòng ẩn / hidden rows: {shown}"
    return [
        Finding(
            "ROWS_HIDDEN", sheet=sheet_name, row=rows[0], value=str(len(rows)), expected=expected
        )
    ]


def _member(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8")
    for entity, char in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&apos;", "'"),
        ("&amp;", "&"),
    ):
        text = text.replace(entity, char)
    return text
