"""Publishing the marts (write-audit-publish): write a new version beside the old, verify it,
then swap it in atomically; keep the last few versions for rollback.

BI tools hold `published/marts.duckdb` open read-only. A rename never disturbs them: a reader
keeps the version it opened until it reconnects, and a new reader always sees one whole version.
Each version lives whole under `published/versions/<id>/`. `published/current` is a symbolic
link to the current version's folder, and `marts.duckdb` and `parquet` are symbolic links
through it (`current/marts.duckdb`, `current/parquet`): one rename of `current` switches both,
so a run killed at any instant leaves the DuckDB file and the Parquet files of one version.

The warehouse keeps its marts in schema `marts`; the published file holds them in its default
schema `main` (contract v2), so that `mart_x`, `marts.mart_x` (the file's catalog is `marts`) and
`marts.main.mart_x` all resolve in every DuckDB version. A file named `marts.duckdb` with a schema
`marts` (layout 1) is ambiguous in DuckDB 2; versions of that layout kept for rollback still open
through `open_marts`, which finds the schema of the version at hand.

A new version starts from a copy of the current one and takes from the warehouse only the rows
of the units changed since the build that version came from (`intermediate.int_change_log`):
for the marts whose rows are keyed by unit or by province (`RowsBy`, from the dbt project), it
deletes and inserts those rows; other marts are copied whole, and a mart no unit touched keeps
its Parquet file (a hard link). After a full build, or without a current version, every mart is
copied. Either way the new file and its Parquet files are verified against the warehouse, mart
by mart, read back from disk: a mart copied whole (or kept) by its row count and a checksum of
every row; a mart updated by rows by its row count and a checksum of the changed units' rows,
so that a one-file publish costs the same whatever the size of the history (the rest of its
rows are those of the version verified before it, and writing its Parquet file reads them all).
"""

from warehouse.errors import PublishError
from warehouse.publish.delta import RowsBy
from warehouse.publish.marts_file import open_marts, quoted
from warehouse.publish.staging import Published, Staged, activate, discard, publish, stage
from warehouse.publish.versions import (
    current_record,
    current_version,
    kept_rollback,
    rollback,
    versions,
)

__all__ = [
    "PublishError",
    "Published",
    "RowsBy",
    "Staged",
    "activate",
    "current_record",
    "current_version",
    "discard",
    "kept_rollback",
    "open_marts",
    "publish",
    "quoted",
    "rollback",
    "stage",
    "versions",
]
