"""The portal's rate limits (failed logins, uploads a minute) kept where every portal worker of
the workspace counts them: `portal/limits.sqlite3`. A limit held in one process's memory was
one limit per worker: with `dvk portal --workers 4` a guesser had four times the tries.

SQLite serialises the workers' writes (write-ahead log, a busy timeout); the times are the
wall clock's, the one clock the workers share.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 10


class SharedWindow:
    """At most `limit` events per key in the last `seconds`, counted across processes."""

    def __init__(self, path: Path, name: str, limit: int, seconds: float):
        self.path, self.name, self.limit, self.seconds = path, name, limit, seconds
        self._local = threading.local()
        with self._connection() as con:
            con.execute("create table if not exists events (window text, key text, at real)")
            con.execute("create index if not exists events_by_key on events (window, key, at)")

    def full(self, key: str) -> bool:
        with self._connection() as con:
            self._trim(con, key)
            (count,) = con.execute(
                "select count(*) from events where window = ? and key = ?", (self.name, key)
            ).fetchone()
        return count >= self.limit

    def add(self, key: str) -> None:
        with self._connection() as con:
            con.execute("insert into events values (?, ?, ?)", (self.name, key, time.time()))

    def clear(self, key: str) -> None:
        with self._connection() as con:
            con.execute("delete from events where window = ? and key = ?", (self.name, key))

    def _trim(self, con: sqlite3.Connection, key: str) -> None:
        con.execute(
            "delete from events where window = ? and key = ? and at < ?",
            (self.name, key, time.time() - self.seconds),
        )

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, as a context manager that commits (FastAPI runs the
        handlers in a thread pool; a connection stays in its thread)."""
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            con.execute("pragma journal_mode=wal")
            con.execute("pragma synchronous=normal")
            self.path.chmod(0o600)
            self._local.con = con
        return con
