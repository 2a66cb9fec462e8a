"""One writer at a time: every run that writes the warehouse or the published marts holds this.

An advisory `flock` on `warehouse.lock` in the workspace. The kernel releases it when its
holder exits, however it exits, so a killed run never leaves the warehouse locked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator

from warehouse.workspace import Workspace


@contextlib.contextmanager
def warehouse_lock(ws: Workspace, holder: str, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the workspace's write lock; when another run holds it, say who and wait for it."""
    ws.home.mkdir(parents=True, exist_ok=True)
    with open(ws.lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            other = handle.read().strip() or "another process"
            on_wait(f"the warehouse is in use by {other}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        since = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        handle.write(f"{holder} (pid {os.getpid()}, since {since})\n")
        handle.flush()
        yield
