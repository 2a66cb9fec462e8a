"""One uploaded file: checked as `dvk validate` checks it, refused if it names a unit the account
does not cover, else written into `inbox/` with its sidecar, accepted or rejected alike (nothing
an office sends is lost: the pipeline archives or quarantines it with its receipt).

The receipt is the one `dvk validate` prints; the pipeline's own receipt adds the check of
replicated models' origins, which needs the warehouse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingestion.check.files import check_file
from ingestion.check.receipts import Receipt, receipt_path
from ingestion.check.verdict import Verdict
from ingestion.decisions import held_files
from ingestion.decisions.approvals import Locks
from ingestion.intake import uploads
from ingestion.read.inbox import write_atomic
from ingestion.reference.registry import Registry
from portal.accounts import Account, portal_folder
from warehouse.exported_text import visible_name
from warehouse.workspace import Workspace

log = logging.getLogger("dvk.portal")


@dataclass(frozen=True)
class Received:
    receipt: Receipt
    refused_unit: str | None = None
    """The unit the file names, when the account may not send for it: nothing was stored."""


def receive(
    ws: Workspace,
    registry: Registry,
    account: Account,
    covered: frozenset[str],
    name: str,
    data: bytes,
    check: Callable[[Path], Verdict] | None = None,
) -> Received:
    """`check`: how the file is checked (the portal's worker processes, `portal.checking`);
    by default here, with `registry`."""
    submission_id = hashlib.sha256(data).hexdigest()
    shown = visible_name(re.split(r"[\\/]", name or "")[-1] or "upload")
    suffix = os.path.splitext(shown)[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ".bin"
    staging = portal_folder(ws) / "staging"
    staging.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging) as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        verdict = check(path) if check is not None else check_file(path, registry)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    receipt = Receipt.from_verdict(
        verdict, shown, submission_id, received_at=now, uploaded_by=account.name
    )
    event = held_files.approval_of(registry, Locks.of(ws), verdict.submission)
    if receipt.outcome == "accepted" and event is not None:
        receipt = held_files.held_receipt(receipt, event)  # as the run will hold it
    unit = verdict.submission.get("unit_code")
    if isinstance(unit, str) and registry.versions(unit) and unit.casefold() not in covered:
        log.warning(
            "refused: account %s sent a file for unit %s (%s), which it does not cover",
            account.name,
            unit,
            submission_id[:12],
        )
        return Received(receipt, refused_unit=unit)
    uploads.put(ws, submission_id, data, suffix, uploads.Upload(account.name, now, shown))
    _keep_receipt(ws, receipt)
    _log_upload(ws, account, receipt)
    log.info(
        "%s: %s from account %s (%d errors)",
        submission_id[:12],
        receipt.outcome,
        account.name,
        receipt.errors,
    )
    return Received(receipt)


def uploads_of(ws: Workspace, account: Account) -> list[dict]:
    """The account's uploads, newest first (`portal/uploads.jsonl`, append-only)."""
    path = portal_folder(ws) / "uploads.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in reversed(rows) if row["account"] == account.name]


def stored_receipt(ws: Workspace, submission_id: str) -> dict | None:
    """The receipt the portal gave when the file was uploaded (`portal/receipts/`)."""
    path = portal_folder(ws) / "receipts" / f"{submission_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def own_receipt(ws: Workspace, account: Account, submission_id: str) -> dict | None:
    """The pipeline's receipt if it has run, else the portal's; only of the account's files."""
    if not any(row["submission_id"] == submission_id for row in uploads_of(ws, account)):
        return None
    path = receipt_path(ws.receipts, submission_id)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return stored_receipt(ws, submission_id)


def _keep_receipt(ws: Workspace, receipt: Receipt) -> None:
    folder = portal_folder(ws) / "receipts"
    folder.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps(receipt.as_dict(), ensure_ascii=False, default=str)
    write_atomic(folder / f"{receipt.submission_id}.json", text)


def _log_upload(ws: Workspace, account: Account, receipt: Receipt) -> None:
    record = {
        "account": account.name,
        "submission_id": receipt.submission_id,
        "file": receipt.original_name,
        "unit_code": receipt.submission.get("unit_code"),
        "period_code": receipt.submission.get("period_code"),
        "version": receipt.submission.get("version"),
        "uploaded_at": receipt.received_at,
        "checked": receipt.outcome,
    }
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    descriptor = os.open(
        portal_folder(ws) / "uploads.jsonl", os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600
    )
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line)
