"""Queries run by a DuckDB 1.x, as BI tools that embed an older DuckDB would run them: in a
separate environment that uv makes (and caches) with `duckdb>=1.4,<2`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv is needed for the DuckDB 1.x reader: run `make install` first")
    return found


def read_with_duckdb_1(path: Path, queries: list[str]) -> tuple[str, list[list]]:
    """(DuckDB version, each query's rows), the file opened read-only."""
    code = (
        "import duckdb, json, sys\n"
        "queries = json.loads(sys.argv[2])\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "rows = [[list(r) for r in con.execute(q).fetchall()] for q in queries]\n"
        "print(json.dumps([duckdb.__version__, rows], default=str))"
    )
    command = [_uv(), "run", "--no-project", "--quiet", "--with", "duckdb>=1.4,<2", "python"]
    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    out = subprocess.run(
        [*command, "-c", code, str(path), json.dumps(queries)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    version, rows = json.loads(out.stdout.splitlines()[-1])
    return version, rows
