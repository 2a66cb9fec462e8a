"""Dagster's SQLite event log, with its connections kept open: what `dagster.yaml` configures
for the instance in `$DAGSTER_HOME` (docs/operations.md).

Dagster's own SQLite event log creates an engine, opens a connection and syncs the disk for
every event it stores, then closes it all again; a run that brings one file stores about 1,100
events (each dbt model and test is an asset or a check, each with events before and after), and
that cost about 4 s of its 19 s. This one keeps an engine per database open (the index, and the
runs used last), and lets SQLite's write-ahead log sync at its checkpoints rather than at every
commit (`synchronous=NORMAL`): a power cut can lose the last events of a run, never corrupt
the log, and every other process still sees each event once it is committed.

The adapter of Dagster's private `_core` event log: a subclass of `SqliteEventLogStorage` that
replaces its `_connect`. Checked against `CHECKED_AGAINST`
(`tests/orchestration/test_upstream_adapters.py` fails when Dagster differs).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy
from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (  # Dagster's own class
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
    create_engine,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy.pool import QueuePool

CHECKED_AGAINST = {"dagster": "1.13."}
"""The releases (by prefix) this subclass was read and tested against."""
OPEN_DATABASES = 8
"""Engines kept open: the index and the runs used last (a webserver reads many runs)."""


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SQLite event log storage whose connections outlive one event."""

    def __init__(self, base_dir: str | None = None, inst_data: ConfigurableClassData | None = None):
        """`base_dir`: where the databases are; by default where Dagster's own would be,
        `$DAGSTER_HOME/history/runs`."""
        if base_dir is None:
            home = os.environ.get("DAGSTER_HOME")
            if not home:
                raise ValueError(
                    "PooledSqliteEventLogStorage keeps the event log in "
                    "$DAGSTER_HOME/history/runs: set DAGSTER_HOME to the instance's folder (the "
                    "one holding dagster.yaml), or give the storage a base_dir"
                )
            base_dir = os.path.join(home, "history", "runs")
        self._engines: OrderedDict[str, sqlalchemy.Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sqlalchemy.Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as connection, connection.begin():
                yield connection

    def _engine(self, shard: str) -> sqlalchemy.Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=1,
            # One connection, used under `_db_lock` by whichever thread stores or reads.
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        sqlalchemy.event.listen(engine, "connect", _sync_at_checkpoints)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    def _close_all(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_all()  # before the files go
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()


def _sync_at_checkpoints(connection, _record) -> None:
    connection.execute("PRAGMA synchronous=NORMAL")
