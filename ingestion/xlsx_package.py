"""Checks on a workbook's container before any cell is read: encryption, zip bombs, and formula
cells that were never calculated (files written by scripts, not saved by a spreadsheet)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from ingestion.rules import Finding

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_HAS_VALUE = re.compile(rb"<v>[^<]|<is>")
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_RELATION_REVERSED = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')


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
        return _uncalculated_formulas(archive)


def _uncalculated_formulas(archive: zipfile.ZipFile) -> list[Finding]:
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
        if b"<f" not in sheet:  # no formula at all: most sheets
            continue
        for column, row, body in _CELL.findall(sheet):
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
