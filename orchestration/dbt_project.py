"""The dbt project, declared once for Dagster, the CLI and the tests."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from dagster_dbt import DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"

_BIN = str(Path(sys.executable).parent)

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare() -> Path:
    """Write `target/manifest.json` (a `dbt parse`) when it is missing or older than a source file.

    Definitions read the manifest when they load, so the CLI and the tests call this first.
    """
    manifest = dbt_project.manifest_path
    sources = [
        path
        for path in DBT_PROJECT_DIR.rglob("*")
        if path.suffix in {".sql", ".yml"} and "target" not in path.parts
    ]
    newest = max(path.stat().st_mtime for path in sources)
    if not manifest.exists() or newest > manifest.stat().st_mtime:
        with _our_dbt_on_path():
            dbt_project.preparer.prepare(dbt_project)
    return manifest


@contextlib.contextmanager
def _our_dbt_on_path() -> Iterator[None]:
    """dagster-dbt runs `dbt parse` from PATH; the `dbt` beside this interpreter is ours, whether
    or not the virtual environment was activated. Only while it parses: importing this module
    changes nothing in the process's environment."""
    path = os.environ.get("PATH", "")
    if _BIN in path.split(os.pathsep):
        yield
        return
    os.environ["PATH"] = os.pathsep.join([_BIN, path])
    try:
        yield
    finally:
        os.environ["PATH"] = path


if dbt_project.preparer.using_dagster_dev():
    # `dagster dev` picks up an edited model at start-up. Not dagster-dbt's `prepare_if_dev`,
    # which parses at every start: it rewrote the manifest in place while other processes
    # (runs, tests) were reading it.
    prepare()


@functools.cache
def macros_version() -> str:
    """A hash of the project's macros, passed to dbt: its graph holds the models' checksums but
    not the macros', and a changed macro must make the next build recompute every row."""
    digest = hashlib.sha256()
    for path in sorted((DBT_PROJECT_DIR / "macros").rglob("*.sql")):
        digest.update(path.relative_to(DBT_PROJECT_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
