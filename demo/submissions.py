"""The bundled demo: every scenario's submissions, written into an inbox."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from demo.after_reform import write_after_reform
from demo.binh_thuan import write_binh_thuan
from demo.generator import DemoFile
from demo.ha_nam import write_ha_nam
from demo.ninh_binh import write_ninh_binh
from ingestion.check.files import check_files
from ingestion.intake import uploads
from ingestion.reference.registry import Registry
from warehouse.workspace import Workspace


def write_demo_inbox(inbox: Path) -> list[DemoFile]:
    return [
        *write_binh_thuan(inbox),
        *write_ninh_binh(inbox),
        *write_ha_nam(inbox),
        *write_after_reform(inbox),
    ]


def deliver_as_sent(ws: Workspace) -> int:
    """Each file of the inbox described as the portal describes an upload (a signed sidecar, no
    account; the file keeps its name and its place in the order), arriving on the day it says
    it was sent (its Ngày gửi, 09:00 in Viet Nam): the demo
    replays a history whose deadlines passed years ago, and `on_time` is judged by arrival. A
    file with no readable Ngày gửi stays a plain drop, arriving when the run takes it. Returns
    how many were delivered."""
    paths = sorted(p for p in ws.inbox.iterdir() if p.is_file())
    verdicts = check_files(paths, Registry.load(ws.units_dir))
    delivered = 0
    for path, verdict in zip(paths, verdicts, strict=True):
        sent = verdict.submission.get("submitted_on")
        if not isinstance(sent, dt.date):
            continue
        arrived = dt.datetime.combine(sent, dt.time(2), dt.UTC).isoformat()
        upload = uploads.Upload(None, arrived, path.name)
        uploads.describe(ws, hashlib.sha256(path.read_bytes()).hexdigest(), upload)
        delivered += 1
    return delivered
