"""Files an office uploaded through the portal: in `inbox/` under a name the portal chose, with a
sidecar `inbox/.uploads/<sha256>.json` saying who uploaded it, when, and under what name.

The intake reads the sidecar when it takes the file in: the receipt and `raw.submissions` keep
the account (`uploaded_by`), the office's own file name and the upload time (the arrival that
counts for a deadline, whenever the next run starts). A sidecar goes once its file is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ingestion.inbox import write_atomic
from warehouse.workspace import Workspace

SIDECARS = ".uploads"
"""The folder of sidecars inside `inbox/`: hidden, so that the intake never takes it for a file."""


@dataclass(frozen=True)
class Upload:
    account: str | None
    uploaded_at: str | None
    """ISO 8601 in UTC; None: now (a held file taken in after a reopening)."""
    original_name: str


def sidecar_path(ws: Workspace, submission_id: str) -> Path:
    return ws.inbox / SIDECARS / f"{submission_id}.json"


def put(ws: Workspace, submission_id: str, data: bytes, suffix: str, upload: Upload) -> Path:
    """The sidecar, then the file, each written whole under a hidden name and renamed: the intake
    never sees a file without its sidecar, nor half a file."""
    folder = ws.inbox / SIDECARS
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(sidecar_path(ws, submission_id), json.dumps(upload.__dict__))
    stamp = dt.datetime.fromisoformat(upload.uploaded_at or "").strftime("%Y%m%dT%H%M%S")
    target = ws.inbox / f"portal-{stamp}-{submission_id[:16]}{suffix}"
    write_atomic(target, data)
    return target


def read(ws: Workspace, submission_id: str) -> Upload | None:
    path = sidecar_path(ws, submission_id)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return Upload(values["account"], values["uploaded_at"], values["original_name"])


def waiting(ws: Workspace) -> set[str]:
    """The submission ids whose upload still waits in the inbox."""
    folder = ws.inbox / SIDECARS
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def forget(ws: Workspace, submission_ids: set[str]) -> None:
    """Remove the sidecars of files the intake has stored (or found already processed)."""
    for submission_id in waiting(ws) & submission_ids:
        sidecar_path(ws, submission_id).unlink(missing_ok=True)
