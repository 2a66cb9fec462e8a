"""Who sent a file of the inbox, and when it arrived: its signed portal sidecar, a held file's
record, or the inbox's own change time; and the checks that follow from it, made again by every
run (the uploading account still covers the file's unit; `Ngày gửi` near the arrival)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from ingestion.check.verdict import Verdict
from ingestion.decisions import held_files
from ingestion.format.rules import Finding
from ingestion.intake import uploads
from ingestion.intake.uploads import arrival_date

Scope = Callable[[str, str], bool]
"""(portal account, unit code) → whether the account may send files for the unit today."""


def check_scope(verdict: Verdict, upload: uploads.Upload, scope: Scope | None) -> None:
    """UPLOAD_SCOPE: the account that uploaded the file no longer covers its unit (its units
    changed, or the file named a unit the registry gained after the upload). The portal checked
    at the upload; the run checks again, as of now."""
    unit = verdict.submission.get("unit_code")
    if scope is None or not upload.account or not isinstance(unit, str):
        return
    if not scope(upload.account, unit):
        expected = f"một đơn vị của tài khoản / a unit of account {upload.account}"
        verdict.findings.append(Finding("UPLOAD_SCOPE", None, None, "unit_code", unit, expected))


def sent_by(
    path: Path,
    upload: uploads.Upload | None,
    held: held_files.Held | None,
    seen: float | None,
) -> uploads.Upload:
    """Who sent the file, when it arrived and as what: for a held file taken in after a
    reopening, its record (the name it came with; arriving now); its signed portal sidecar
    (`upload`); else a file dropped in the inbox, arriving when the inbox got it (`seen`: its
    change time, which a copy cannot set back as it can the modification time), never later
    than now."""
    if held is not None:
        return uploads.Upload(held.record["uploaded_by"], None, held.record["file"])
    if upload is not None:
        return upload
    moment = time.time() if seen is None else min(seen, time.time())
    arrived = dt.datetime.fromtimestamp(moment, dt.UTC).replace(microsecond=0).isoformat()
    return uploads.Upload(None, arrived, path.name)


GAP_DAYS = 30
"""Days between the declared Ngày gửi and the file's arrival past which the receipt says so:
`on_time` is judged by the arrival (contract §4), and Ngày gửi stays as the office declared it."""


def check_arrival(verdict: Verdict, upload: uploads.Upload) -> None:
    sent = verdict.submission.get("submitted_on")
    if not isinstance(sent, dt.date) or upload.uploaded_at is None:
        return
    arrived = arrival_date(upload.uploaded_at)
    if (arrived - sent).days > GAP_DAYS:
        expected = f"gần ngày nhận tệp {arrived:%d/%m/%Y} / near the arrival, {arrived:%d/%m/%Y}"
        verdict.findings.append(
            Finding("SUBMITTED_GAP", None, None, "submitted_on", f"{sent:%d/%m/%Y}", expected)
        )
