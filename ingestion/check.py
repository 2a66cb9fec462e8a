"""The check of one file, as `dvk validate`, the intake and the portal make it: the reader its
format needs, then every rule. It never raises for what the file holds, and loads no storage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from ingestion.parsed import ParsedSubmission
from ingestion.read_json import JsonShapeError, read_json
from ingestion.read_xlsx import read_workbook
from ingestion.registry import Registry
from ingestion.rules import Finding
from ingestion.validation import Verdict, validate
from ingestion.xlsx_package import PackageProblem

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


def check_file(
    path: Path,
    registry: Registry,
    known_models: Callable[[str], set[str]] | None = None,
    max_bytes: int | None = None,
) -> Verdict:
    """Read and validate one file; never raises for what the file holds."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return Verdict([Finding("FILE_TYPE", value=path.suffix, expected=", ".join(READERS))])
    size, limit_bytes = path.stat().st_size, max_bytes or max_file_bytes()
    if size > limit_bytes:
        limit = f"tối đa / at most {limit_bytes} bytes"
        return Verdict([Finding("FILE_UNREADABLE", value=f"{size} bytes", expected=limit)])
    try:
        parsed = reader(path)
    except PackageProblem as problem:
        return Verdict([problem.finding])
    except Exception as error:  # any reader failure is the file's, not the pipeline's
        return Verdict([unreadable(path, error)])
    return validate(parsed, registry, known_models)


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
