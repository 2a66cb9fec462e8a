"""Files an office uploaded through the portal: in `inbox/` under a name the portal chose, with a
sidecar `inbox/.uploads/<sha256>.json` saying who uploaded it, when, and under what name.

The intake reads the sidecar when it takes the file in: the receipt and `raw.submissions` keep
the account (`uploaded_by`), the office's own file name and the upload time (the arrival that
counts for a deadline, whenever the next run starts). A sidecar goes once its file is stored.

Whoever can write to the inbox could write a sidecar too, and claim any account and any upload
time. So the portal signs each sidecar (HMAC-SHA256, with a key made once per workspace in
`portal/upload-key`, 0600, out of the inbox's reach), and the intake believes only a sidecar
whose signature holds; another is ignored, with a warning, and its file counts as dropped in
the inbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from ingestion.read.inbox import write_atomic
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)
SIDECARS = ".uploads"
"""The folder of sidecars inside `inbox/`: hidden, so that the intake never takes it for a file."""
KEY_FILE = Path("portal") / "upload-key"
"""The signing key, under the workspace (the portal's folder, 0700)."""


@dataclass(frozen=True)
class Upload:
    """Who sent a file (the portal account; None for a file dropped in the inbox), when it
    arrived, and under what name."""

    account: str | None
    uploaded_at: str | None
    """ISO 8601 in UTC; None: now (a held file taken in after a reopening)."""
    original_name: str


VIETNAM_UTC_OFFSET = dt.timedelta(hours=7)
"""Viet Nam's time (no daylight saving): a file that arrives at 06:00 on the 16th there arrived
on the 16th, though it is still the 15th in UTC."""


def arrival_date(uploaded_at: str) -> dt.date:
    """The day in Viet Nam of an ISO 8601 arrival time."""
    moment = dt.datetime.fromisoformat(uploaded_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment.astimezone(dt.UTC) + VIETNAM_UTC_OFFSET).date()


def sidecar_path(ws: Workspace, submission_id: str) -> Path:
    return ws.inbox / SIDECARS / f"{submission_id}.json"


def put(ws: Workspace, submission_id: str, data: bytes, suffix: str, upload: Upload) -> Path:
    """The sidecar, then the file, each written whole under a hidden name and renamed: the intake
    never sees a file without its sidecar, nor half a file."""
    describe(ws, submission_id, upload)
    stamp = dt.datetime.fromisoformat(upload.uploaded_at or "").strftime("%Y%m%dT%H%M%S")
    target = ws.inbox / f"portal-{stamp}-{submission_id[:16]}{suffix}"
    write_atomic(target, data)
    return target


def describe(ws: Workspace, submission_id: str, upload: Upload) -> None:
    """The signed sidecar of the file whose content hash is `submission_id`."""
    folder = ws.inbox / SIDECARS
    folder.mkdir(parents=True, exist_ok=True)
    fields = asdict(upload)
    signed = {**fields, "signature": _signature(_key(ws, create=True), submission_id, fields)}
    write_atomic(sidecar_path(ws, submission_id), json.dumps(signed))


def read(ws: Workspace, submission_id: str) -> Upload | None:
    """The upload a sidecar the portal signed describes; None without one."""
    path = sidecar_path(ws, submission_id)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        fields = {key: values[key] for key in ("account", "uploaded_at", "original_name")}
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    key = _key(ws)
    sent = values.get("signature")
    if (
        key is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent, _signature(key, submission_id, fields))
    ):
        log.warning("%s: a sidecar the portal did not sign; ignored", path.name)
        return None
    return Upload(**fields)


def _signature(key: bytes, submission_id: str, fields: dict) -> str:
    message = json.dumps({"submission_id": submission_id, **fields}, sort_keys=True)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _key(ws: Workspace, create: bool = False) -> bytes | None:
    path = ws.home / KEY_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    try:
        os.link(temporary, path)  # whole or not at all; another portal worker's key if it won
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_bytes()


def waiting(ws: Workspace) -> set[str]:
    """The submission ids whose upload still waits in the inbox."""
    folder = ws.inbox / SIDECARS
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def forget(ws: Workspace, submission_ids: set[str]) -> None:
    """Remove the sidecars of files the intake has stored (or found already processed)."""
    for submission_id in waiting(ws) & submission_ids:
        sidecar_path(ws, submission_id).unlink(missing_ok=True)
