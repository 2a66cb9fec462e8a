"""The backfill's floor: every file read by the fastest reader here, then one bulk insert.

Workbooks go through fastexcel straight to Arrow, every cell as text; JSON through the standard
library. The rows of each sheet are concatenated and inserted into DuckDB in one statement per
sheet. No validation, no lineage, no receipts: what no pipeline can do in less time.

Run as `python -m bench.floor FOLDER DATABASE` so that its time and peak memory are its own.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb
import fastexcel
import pyarrow as pa

from ingestion.format.submission_format import INFO, TABLE_SHEETS

SHEET_OF_NAME = {sheet.name: sheet.key for sheet in (INFO, *TABLE_SHEETS)}
COMBINE_EVERY = 1000
"""Small tables are combined as they come: a national history is 300,000 of them."""


def read_all(folder: Path) -> tuple[dict[str, list[pa.Table]], int]:
    """Sheet key → its tables, one per file, every value as text; and the files read."""
    tables: dict[str, list[pa.Table]] = {}
    files = 0
    for path in sorted(folder.iterdir()):
        files += 1
        if path.suffix == ".json":
            document = json.loads(path.read_text(encoding="utf-8"))
            for key, value in document.items():
                rows = [value] if isinstance(value, dict) else value
                text = [{k: None if v is None else str(v) for k, v in r.items()} for r in rows]
                _append(tables, key, pa.Table.from_pylist(text))
            continue
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string", eager=True)
            _append(tables, SHEET_OF_NAME.get(name, name), pa.Table.from_batches([sheet]))
    return tables, files


def _append(tables: dict[str, list[pa.Table]], key: str, table: pa.Table) -> None:
    parts = tables.setdefault(key, [])
    parts.append(table)
    if len(parts) >= COMBINE_EVERY:
        tables[key] = [pa.concat_tables(parts, promote_options="permissive").combine_chunks()]


def insert_all(tables: dict[str, list[pa.Table]], database: Path) -> int:
    """One insert per sheet of all its rows; returns the rows inserted."""
    rows = 0
    with duckdb.connect(str(database)) as con:
        for key, parts in tables.items():
            whole = pa.concat_tables(parts, promote_options="permissive").combine_chunks()
            con.register("incoming", whole)
            con.execute(f'create or replace table "{key}" as select * from incoming')
            con.unregister("incoming")
            rows += whole.num_rows
    return rows


def main(folder: Path, database: Path) -> None:
    pa.Table.from_pylist([{"warm": "up"}])  # pyarrow's first conversion loads its kernels: 1.7 s
    started = time.perf_counter()
    tables, files = read_all(folder)
    read = time.perf_counter() - started
    rows = insert_all(tables, database)
    total = time.perf_counter() - started
    print(json.dumps({"files": files, "rows": rows, "read_s": read, "total_s": total}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
