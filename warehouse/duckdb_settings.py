"""How much memory and how many threads DuckDB may use, one setting for every DuckDB of a run:
the pipeline's own connections, the publisher, and dbt's (passed as dbt vars).

DuckDB takes 80 % of the machine's memory by default, each database instance for itself; with
dbt's and the publisher's that is more than the machine has. Past its limit DuckDB spills
to disk instead of growing, so a national backfill stays bounded.
"""

from __future__ import annotations

import os

import duckdb

MEMORY_ENV = "DVK_DUCKDB_MEMORY"
"""A DuckDB size such as `1GB` or `800MB`; default `DEFAULT_FRACTION` of the machine's memory,
at most `DEFAULT_MAX_MB`."""
THREADS_ENV = "DVK_DUCKDB_THREADS"
"""Threads per DuckDB instance; default one per core."""
DEFAULT_FRACTION = 0.25
DEFAULT_MAX_MB = 1024
"""Less fails: at national size `dim_models` ran out of memory at 512 MB (a step DuckDB cannot
spill)."""


def memory_limit() -> str:
    configured = os.environ.get(MEMORY_ENV)
    if configured:
        return configured
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    return f"{min(int(total * DEFAULT_FRACTION), DEFAULT_MAX_MB)}MB"


def threads() -> int:
    configured = os.environ.get(THREADS_ENV)
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def limit(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Apply the setting to the database instance of `con` (every connection to it shares it)."""
    con.execute(f"set memory_limit = '{memory_limit()}'")
    con.execute(f"set threads = {threads()}")
    return con


def connect(path: object = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect` within the run's memory and threads."""
    return limit(duckdb.connect(str(path), read_only=read_only))
