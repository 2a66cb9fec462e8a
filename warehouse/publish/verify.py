"""A new version read back from disk and compared with the warehouse, mart by mart: a row
count and an order-free checksum of every row, or of the changed units' rows only (a one-file
publish then costs the same whatever the size of the history)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.errors import PublishError
from warehouse.publish.marts_file import PUBLISHED_SCHEMA, quoted


@dataclass(frozen=True)
class Fingerprint:
    """A mart's row count, and an order-free checksum of its rows (equal for equal multisets
    of rows): of every row, or of the rows `where` selects."""

    rows: int
    checksum: int
    where: str | None = None

    @classmethod
    def of(
        cls, con: duckdb.DuckDBPyConnection, relation: str, where: str | None = None
    ) -> Fingerprint:
        checksum = f"coalesce(sum(hash(r)::hugeint), 0) from {relation} as r"
        if where is None:  # one scan
            return cls(*con.execute(f"select count(*), {checksum}").fetchone())
        # every row counted (from metadata), the selected rows summed
        rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
        return cls(rows, con.execute(f"select {checksum} where {where}").fetchone()[0], where)

    def again(self, con: duckdb.DuckDBPyConnection, relation: str) -> Fingerprint:
        return Fingerprint.of(con, relation, self.where)


def verify(
    con: duckdb.DuckDBPyConnection, folder: Path, expected: dict[str, Fingerprint]
) -> dict[str, int]:
    """The new version, read back from disk, against what the warehouse holds."""
    con.execute(f"attach {quoted(folder / 'marts.duckdb')} as written (read_only)")
    try:
        for table, wanted in expected.items():
            found = wanted.again(con, f"written.{PUBLISHED_SCHEMA}.{table}")
            parquet = folder / "parquet" / f"{table}.parquet"
            in_parquet = wanted.again(con, f"read_parquet({quoted(parquet)})")
            if not found == in_parquet == wanted:
                which = "every row" if wanted.where is None else "the changed units' rows"
                raise PublishError(
                    f"{table}: warehouse {wanted.rows} rows, new file {found.rows}, parquet "
                    f"{in_parquet.rows}; checksums of {which} {wanted.checksum}, "
                    f"{found.checksum}, {in_parquet.checksum}"
                )
    finally:
        con.execute("detach written")
    return {table: wanted.rows for table, wanted in expected.items()}
