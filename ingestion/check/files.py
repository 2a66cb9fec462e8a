"""The check of files, as `dvk validate`, the intake and the portal make it: the reader each
format needs, then every rule, a batch of files at a time. It never raises for what a file
holds, and loads no storage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ingestion.check.award_categories import check_award_categories
from ingestion.check.origins import check_origins
from ingestion.check.validation import validate_batch
from ingestion.check.verdict import Verdict
from ingestion.format.parsed import ParsedSubmission
from ingestion.format.rules import Finding
from ingestion.read.read_json import JsonShapeError, read_json
from ingestion.read.read_xlsx import read_workbook
from ingestion.read.xlsx_package import PackageProblem
from ingestion.reference.award_catalogue import Catalogue
from ingestion.reference.registry import Registry

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files above this are rejected unread; `DVK_MAX_FILE_MB` changes it."""
READERS: dict[str, Callable[[Path], ParsedSubmission]] = {
    ".xlsx": read_workbook,
    ".xlsm": read_workbook,
    ".xls": read_workbook,
    ".ods": read_workbook,
    ".json": read_json,
}


def max_file_bytes() -> int:
    megabytes = os.environ.get("DVK_MAX_FILE_MB")
    return int(float(megabytes) * 1024 * 1024) if megabytes else MAX_FILE_BYTES


VALIDATE_ROWS = 20_000
"""Rows validated in one pandera call: pandera's fixed cost is paid per call, its memory per
row."""


def check_file(
    path: Path,
    registry: Registry,
    known_models: Callable[[str], set[str]] | None = None,
    max_bytes: int | None = None,
    catalogue: Catalogue | None = None,
) -> Verdict:
    """Read and validate one file; never raises for what the file holds. With `catalogue`,
    awards it does not place are warned about too (AWARD_NOT_IN_CATALOGUE)."""
    verdict = check_files([path], registry, max_bytes)[0]
    check_origins(verdict, known_models or (lambda unit: set()))
    if catalogue is not None:
        check_award_categories(verdict, catalogue)
    return verdict


def check_files(
    paths: Sequence[Path], registry: Registry, max_bytes: int | None = None
) -> list[Verdict]:
    """Every rule but the origins of replicated models (`check_origins`, which needs the files
    accepted before), for many files at once: the same verdicts as one file at a time."""
    verdicts: list[Verdict | None] = []
    readable: list[tuple[int, ParsedSubmission]] = []
    for path in paths:
        read = _read(path, max_bytes or max_file_bytes())
        if isinstance(read, Verdict):
            verdicts.append(read)
        else:
            readable.append((len(verdicts), read))
            verdicts.append(None)
    for batch in _by_rows(readable):
        for (index, _), verdict in zip(batch, _validated(batch, registry), strict=True):
            verdicts[index] = verdict
    return verdicts


def _read(path: Path, limit_bytes: int) -> ParsedSubmission | Verdict:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return Verdict([Finding("FILE_TYPE", value=path.suffix, expected=", ".join(READERS))])
    size = path.stat().st_size
    if size > limit_bytes:
        limit = f"tối đa / at most {limit_bytes} bytes"
        return Verdict([Finding("FILE_UNREADABLE", value=f"{size} bytes", expected=limit)])
    try:
        return reader(path)
    except PackageProblem as problem:
        return Verdict([problem.finding])
    except Exception as error:  # any reader failure is the file's, not the pipeline's
        return Verdict([unreadable(path, error)])


def _by_rows(
    files: list[tuple[int, ParsedSubmission]],
) -> list[list[tuple[int, ParsedSubmission]]]:
    batches: list[list[tuple[int, ParsedSubmission]]] = [[]]
    rows = 0
    for file in files:
        size = 1 + sum(len(table.rows) for table in file[1].tables.values())
        if batches[-1] and rows + size > VALIDATE_ROWS:
            batches.append([])
            rows = 0
        batches[-1].append(file)
        rows += size
    return [batch for batch in batches if batch]


def _validated(batch: list[tuple[int, ParsedSubmission]], registry: Registry) -> list[Verdict]:
    """A batch whose validation fails as a whole is validated file by file, so that one file's
    failure is its own and the others keep their verdicts."""
    parsed = [file for _, file in batch]
    try:
        return validate_batch(parsed, registry)
    except Exception:
        if len(parsed) == 1:
            raise
        return [validate_batch([file], registry)[0] for file in parsed]


def unreadable(path: Path, error: Exception) -> Finding:
    """FILE_UNREADABLE in words an office can act on, with the reader's own words after them."""
    if isinstance(error, json.JSONDecodeError):
        vi = f"JSON sai cú pháp ở dòng {error.lineno}, cột {error.colno}"
        en = f"the JSON is not well formed at line {error.lineno}, column {error.colno}"
    elif isinstance(error, UnicodeDecodeError):
        vi, en = "tệp không phải văn bản UTF-8", "the file is not UTF-8 text"
    elif isinstance(error, JsonShapeError):
        vi, en = "JSON không đúng cấu trúc báo cáo", "the JSON is not shaped as a submission"
    elif path.suffix.lower() == ".json":
        vi, en = "không đọc được JSON", "the JSON cannot be read"
    else:
        vi = "tệp hỏng hoặc không phải bảng tính (hãy mở và lưu lại bằng Excel)"
        en = "the file is damaged or not a workbook (open and save it again in Excel)"
    technical = f"{type(error).__name__}: {error}"[:300]
    expected = "tệp .xlsx, .xls, .ods hoặc .json / a .xlsx, .xls, .ods or .json submission"
    return Finding("FILE_UNREADABLE", value=f"{vi} / {en} ({technical})", expected=expected)
