"""The inbox's files as files: which to leave alone, their content hash, whether they changed
while read, and copies that are whole or absent.

A file is named by the SHA-256 of its bytes: the same bytes are processed once whatever their
name, and names (which may carry path traversal or letters a file system mangles) are kept only
as metadata.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download")


def is_temporary(name: str) -> bool:
    """Lock and partial files that editors and copy tools leave while they work: `~$x.xlsx`,
    `.~lock.x.xlsx#`, `.x.xlsx.abc123`, `x.xlsx.part`. A name like `..\\x.xlsx` is data."""
    hidden = name.startswith(".") and not name.startswith("..")
    return hidden or name.startswith("~$") or name.endswith(TEMPORARY_SUFFIXES)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def signature(path: Path) -> tuple[int, int]:
    """Size and modification time: a change between two looks means a copy still in progress."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def copy_atomic(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temporary)
    temporary.replace(target)


def write_atomic(path: Path, data: bytes | str) -> None:
    """`data` into `path` whole or not at all: written under a hidden name, then renamed (a
    hidden name is one the intake leaves alone)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    temporary.replace(path)
