"""The kept versions under `published/versions/`, which one is current (one rename of the link
`published/current`), rollback and its record, pruning, and the permissions BI users need."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from warehouse import fault_points
from warehouse.duckdb_settings import connect
from warehouse.errors import PublishError
from warehouse.publish.marts_file import quoted
from warehouse.workspace import Workspace

KEEP_VERSIONS = 5
"""Published versions kept for rollback; `DVK_KEEP_VERSIONS` changes it (at least 2)."""


VERSION_FILE = "version.json"


ROLLBACK_FILE = "rollback.json"
"""In `published/` while a rollback is in force: the version rolled back to and the warehouse's
arrivals then (`kept_rollback`)."""


def _arrivals(con: duckdb.DuckDBPyConnection) -> list[int] | None:
    """The files the warehouse has taken in: the last arrival's number, and how many stand
    accepted."""
    try:
        last, accepted = con.execute(
            "select coalesce(max(arrival_seq), 0), count(*) filter (where outcome = 'accepted') "
            "from warehouse.raw.submissions"
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return [int(last), int(accepted)]


def current_record(ws: Workspace) -> dict | None:
    """The current version's `version.json`, through `current/`: one file read however many
    versions are kept (the portal asks on every page). None while nothing is published."""
    try:
        record = json.loads((ws.current / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record | {"current": True}


def kept_rollback(ws: Workspace) -> tuple[str, str] | None:
    """(the current version, the newest kept) while a rollback is in force and no file arrived
    since it was made: a run then keeps the rollback rather than publish again, without a word,
    what a person rolled back (docs/operations.md). New files, or `dvk publish --rollback
    NEWEST`, end it. A version stored by a run killed before it became current is no rollback:
    only `rollback` leaves the record this reads."""
    try:
        record = json.loads((ws.published / ROLLBACK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept = versions(ws)
    current = next((r["version"] for r in kept if r["current"]), None)
    if current != record.get("version") or record.get("arrivals") is None:
        return None
    return (current, kept[-1]["version"]) if _warehouse_arrivals(ws) == record["arrivals"] else None


def _warehouse_arrivals(ws: Workspace) -> list[int] | None:
    try:
        with connect() as con:
            con.execute(f"attach {quoted(ws.warehouse)} as warehouse (read_only)")
            return _arrivals(con)
    except duckdb.Error:
        return None


def current_version(ws: Workspace) -> str | None:
    """The version BI users see now, if one is published."""
    record = current_record(ws)
    return record["version"] if record else None


def versions(ws: Workspace) -> list[dict]:
    """Every kept version, oldest first, each its `version.json` plus `current`."""
    found = []
    for path in sorted(ws.versions.iterdir()) if ws.versions.exists() else []:
        record_file = path / VERSION_FILE
        if path.name.startswith(".") or not record_file.exists():
            continue
        record = json.loads(record_file.read_text(encoding="utf-8"))
        record["current"] = ws.marts.exists() and os.path.samefile(path / "marts.duckdb", ws.marts)
        found.append(record)
    return found


def rollback(ws: Workspace, to: str | None = None) -> str:
    """Make an earlier version current again: `to`, or the one before the current."""
    kept = versions(ws)
    names = [record["version"] for record in kept]
    if to is None:
        current = next((i for i, record in enumerate(kept) if record["current"]), None)
        if current is None or current == 0:
            raise PublishError(
                "no earlier version to roll back to; kept: " + (", ".join(names) or "none")
            )
        to = names[current - 1]
    elif to not in names:
        raise PublishError(f"no version {to}; kept: {', '.join(names) or 'none'}")
    make_current(ws, to)
    marker = ws.published / ROLLBACK_FILE
    if to == names[-1]:  # back to the newest version: no rollback is in force any more
        marker.unlink(missing_ok=True)
        return to
    record = {"version": to, "arrivals": _warehouse_arrivals(ws)}
    pointer = marker.with_name(f".{marker.name}-{uuid.uuid4().hex[:8]}")
    pointer.write_text(json.dumps(record) + "\n", encoding="utf-8")
    os.replace(pointer, marker)
    return to


def make_current(ws: Workspace, version: str) -> None:
    """Make `version` current with one rename of `published/current`."""
    if not _through_current(ws):
        # A workspace published before `current` existed: `current` first names the version
        # its files show, then each file becomes a link through it, so every step shows one
        # whole version; the rename below then switches to the new one.
        shown = next((r["version"] for r in versions(ws) if r["current"]), version)
        _replace_link(ws.current, Path(ws.versions.name) / shown)
        _replace_link(ws.marts, Path(ws.current.name) / "marts.duckdb")
        if ws.parquet.is_dir() and not ws.parquet.is_symlink():
            shutil.rmtree(ws.parquet)  # the folder of a workspace made before versions existed
        _replace_link(ws.parquet, Path(ws.current.name) / "parquet")
    fault_points.reached("publish.swapping")
    _replace_link(ws.current, Path(ws.versions.name) / version)


def _through_current(ws: Workspace) -> bool:
    return (
        ws.current.is_symlink()
        and ws.marts.is_symlink()
        and os.readlink(ws.marts) == str(Path(ws.current.name) / "marts.duckdb")
        and ws.parquet.is_symlink()
        and os.readlink(ws.parquet) == str(Path(ws.current.name) / "parquet")
    )


def _replace_link(path: Path, target: Path) -> None:
    """`path` becomes a relative symbolic link to `target`, by one rename (atomic)."""
    pointer = path.with_name(f".{path.name}-{uuid.uuid4().hex[:8]}")
    pointer.symlink_to(target)
    os.replace(pointer, path)


def prune(ws: Workspace) -> None:
    keep = max(2, int(os.environ.get("DVK_KEEP_VERSIONS", KEEP_VERSIONS)))
    kept = versions(ws)
    for record in kept[:-keep]:
        if not record["current"]:
            shutil.rmtree(ws.versions / record["version"], ignore_errors=True)


def open_to_readers(folder: Path) -> None:
    """A version is for BI users, who run as other OS users: its folders 0755, its files 0644
    (everything else the pipeline writes is private, `Workspace.ensure`)."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def versions_dir(ws: Workspace) -> Path:
    folder = ws.versions
    folder.mkdir(parents=True, exist_ok=True)
    ws.published.chmod(0o755)
    folder.chmod(0o755)
    # What a killed publish left: an unfinished version, a link not yet renamed.
    for leftover in folder.glob(".*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for pattern in (".marts*", ".parquet*", ".current*"):
        for leftover in ws.published.glob(pattern):
            leftover.unlink(missing_ok=True)
    return folder
