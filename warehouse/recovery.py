"""A damaged warehouse is set aside, never repaired in place; a busy one is waited for, never
touched. `archive/` and `reference/` are the source of truth: the run that sets the file aside
rebuilds the warehouse from them.

Damage is what DuckDB reports as such (a checksum that does not match, a block it cannot read,
a WAL it cannot replay, a file that is not a database) and a file shorter than its own header
says (a truncated copy or a full disk). A lock held by another process is never damage: the run
waits for it, up to `DVK_WAREHOUSE_WAIT` seconds, then fails naming the holder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import struct
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseBusy
from warehouse.workspace import Workspace

WAIT_ENV = "DVK_WAREHOUSE_WAIT"
DEFAULT_WAIT_SECONDS = 120.0
DAMAGE = (
    "corrupt",
    "checksum",
    "could not read enough bytes",
    "failure while replaying wal",
    "not a valid duckdb database",
    "truncated",
)
LOCK = ("could not set lock", "conflicting lock")
NOTES = ".recoveries"
"""What was set aside and why, one JSON file each, until an audit report has shown it."""

_HEADER = 4096
_DATABASE_HEADERS = (_HEADER, 2 * _HEADER)
_INVALID = 2**64 - 1
_BLOCK_ID = 2**56 - 1
"""A block pointer holds its index within a metadata block in its top 8 bits."""


def is_lock(message: str) -> bool:
    return any(marker in message.lower() for marker in LOCK)


def is_damage(message: str) -> bool:
    text = message.lower()
    return not is_lock(text) and any(marker in text for marker in DAMAGE)


def lock_holder(message: str) -> str:
    """The process DuckDB names as holding the file, else "another process"."""
    found = re.search(r"held in (.+?\(PID \d+\))", message)
    return found.group(1) if found else "another process"


def truncated(path: Path) -> str | None:
    """Why the file is shorter than its header says, or None. Reads 12 KB: the main header and
    the two database headers; the newer one points at the blocks of the catalog and the free
    list, which are in use and so never cut off by DuckDB's own trimming of free blocks."""
    with path.open("rb") as handle:
        head = handle.read(3 * _HEADER)
    if len(head) < 3 * _HEADER or head[8:12] != b"DUCK":
        return None  # not for this check to judge: DuckDB's own open says what is wrong
    headers = [struct.unpack_from("<8Q", head, offset) for offset in _DATABASE_HEADERS]
    _, _, meta_block, free_list, _, block_size, _, _ = max(headers, key=lambda h: h[1])
    used = [pointer & _BLOCK_ID for pointer in (meta_block, free_list) if pointer != _INVALID]
    if not block_size or not used:
        return None
    expected = 3 * _HEADER + (max(used) + 1) * block_size
    size = path.stat().st_size
    if size < expected:
        return f"the file is truncated: {size} bytes, its catalog reaches byte {expected}"
    return None


def heal(ws: Workspace, warn: Callable[[str], None], wait: float | None = None) -> None:
    """Before a run writes: set a damaged warehouse aside, or wait while another process holds
    it. Raises `WarehouseBusy` when the wait is over and the file is still held."""
    wait = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_SECONDS)) if wait is None else wait
    deadline, warned = time.monotonic() + wait, False
    while ws.warehouse.exists():
        reason = truncated(ws.warehouse)
        if reason:
            set_aside(ws, reason, warn)
            return
        try:
            duckdb.connect(str(ws.warehouse)).close()
            _private(ws)
            return
        except duckdb.Error as error:
            message = str(error)
        if is_lock(message):
            holder = lock_holder(message)
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{ws.warehouse} is held open by {holder}. Nothing but a run may open the "
                    "warehouse: BI tools and people read published/marts.duckdb. Close that "
                    f"process, or wait longer with {WAIT_ENV}=<seconds>; nothing was changed."
                ) from None
            if not warned:
                warn(f"{ws.warehouse.name} is held open by {holder}; waiting up to {wait:.0f} s")
                warned = True
            time.sleep(0.5)
            continue
        if not is_damage(message):
            raise
        set_aside(ws, message, warn)
        return


def _private(ws: Workspace) -> None:
    """The warehouse holds personal data: its owner's alone, however it was created."""
    for path in (ws.warehouse, ws.warehouse.with_name(ws.warehouse.name + ".wal")):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def set_aside(ws: Workspace, reason: str, warn: Callable[[str], None]) -> Path:
    """Move the warehouse and its WAL aside with a timestamp, and note it for the audit."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    aside = ws.warehouse.with_name(f"{ws.warehouse.name}.damaged-{stamp}")
    ws.warehouse.rename(aside)
    wal = ws.warehouse.with_name(ws.warehouse.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    message = (
        f"{ws.warehouse.name} is damaged ({reason.strip().splitlines()[0][:300]}); moved to "
        f"{aside.name}. This run rebuilds the warehouse from archive/ and reference/."
    )
    notes = ws.home / NOTES
    notes.mkdir(exist_ok=True)
    note = {"at": stamp, "set_aside": aside.name, "message": message}
    (notes / f"{stamp}.json").write_text(json.dumps(note, ensure_ascii=False), "utf-8")
    warn(message)
    return aside


def pending_notes(ws: Workspace) -> list[dict]:
    """The recoveries no audit report has shown yet, oldest first."""
    folder = ws.home / NOTES
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))]


def clear_notes(ws: Workspace, notes: list[dict]) -> None:
    for note in notes:
        (ws.home / NOTES / f"{note['at']}.json").unlink(missing_ok=True)
