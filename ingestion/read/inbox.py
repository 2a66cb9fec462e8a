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
import stat
import time
from dataclasses import dataclass
from pathlib import Path

TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download")
SETTLE_SECONDS = 5.0
"""A file changed more recently than this may still be being written
(`DVK_INBOX_SETTLE_SECONDS`): the sensor leaves it for a later tick, the intake watches it."""
WATCH_SECONDS = 0.5
"""How long the intake watches the files changed within the settle time: one that changes
meanwhile is left for the next run (`DVK_INBOX_WATCH_SECONDS`)."""


def settle_seconds() -> float:
    return float(os.environ.get("DVK_INBOX_SETTLE_SECONDS", SETTLE_SECONDS))


def watch_seconds() -> float:
    return float(os.environ.get("DVK_INBOX_WATCH_SECONDS", WATCH_SECONDS))


@dataclass(frozen=True)
class Entry:
    """Something found in the inbox: `name` is its path below `inbox/` ("x.xlsx",
    "huyen/x.xlsx"); `kind` is "file" for a regular file, else what it is instead."""

    path: Path
    name: str
    kind: str
    status: os.stat_result
    """Its `lstat`, as the listing saw it (no second system call)."""


def entries(inbox: Path) -> list[Entry]:
    """Everything in the inbox and its folders (offices drop folders), in name order, seen with
    `lstat`: a link is never followed, a FIFO or a device never opened, hidden folders (the
    portal's sidecars) never entered."""
    found: list[Entry] = []

    def walk(folder: Path, prefix: str) -> None:
        try:
            listed = list(os.scandir(folder))
        except OSError:
            return
        for item in listed:
            name = f"{prefix}{item.name}"
            status = item.stat(follow_symlinks=False)
            if stat.S_ISDIR(status.st_mode):
                if not is_temporary(item.name):
                    walk(Path(item.path), f"{name}/")
                continue
            found.append(Entry(Path(item.path), name, _kind(status.st_mode), status))

    walk(inbox, "")
    return sorted(found, key=lambda entry: entry.name)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def quiet_seconds(path: Path | os.stat_result, now: float | None = None) -> float:
    """How long since the file (the entry itself) was last written, renamed or changed."""
    status = path.lstat() if isinstance(path, Path) else path
    return (time.time() if now is None else now) - max(status.st_mtime, status.st_ctime)


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


def signature(path: Path | os.stat_result) -> tuple[int, int]:
    """Size and modification time: a change between two looks means a copy still in progress.
    Of the entry itself: a link put in a file's place changes it."""
    status = path.lstat() if isinstance(path, Path) else path
    return status.st_size, status.st_mtime_ns


def unchanged(path: Path, before: tuple[int, int]) -> bool:
    """Whether `path` is still what was read: removing it otherwise would lose what a writer
    added since (the changed file stays for the next run, as new bytes)."""
    try:
        return signature(path) == before
    except FileNotFoundError:
        return False


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
