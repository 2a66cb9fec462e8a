"""A warehouse file a kill left unopenable is set aside, never repaired in place: `archive/` and
`reference/` are the source of truth, and the run that finds it rebuilds the warehouse from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb

from warehouse.workspace import Workspace


def set_aside_if_unreadable(ws: Workspace, warn: Callable[[str], None]) -> None:
    if not ws.warehouse.exists():
        return
    try:
        duckdb.connect(str(ws.warehouse)).close()
    except duckdb.Error as error:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = ws.warehouse.with_name(f"{ws.warehouse.name}.unreadable-{stamp}")
        ws.warehouse.rename(aside)
        wal = ws.warehouse.with_name(ws.warehouse.name + ".wal")
        if wal.exists():
            wal.rename(aside.with_name(aside.name + ".wal"))
        warn(
            f"{ws.warehouse.name} could not be opened ({error}); moved to {aside.name}. "
            "This run rebuilds the warehouse from archive/ and reference/."
        )
