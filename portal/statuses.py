"""What became of an account's files: waiting in the inbox (or rejected or held by the check at
upload, as the run will), accepted or rejected by the pipeline
(its receipt in `receipts/`), held because its period is approved, superseded by a later
version, or published in a version of the marts. Read from the workspace's folders and the
published marts (read-only); never from the warehouse.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from ingestion.check.receipts import OUTCOME_LABELS, VIET_NAM, receipt_path
from ingestion.intake import uploads
from warehouse.publish import current_record
from warehouse.workspace import Workspace

LABELS = {
    "received": ("Đã nhận, chờ xử lý", "Received, waiting to be processed"),
    "accepted": ("Được chấp nhận, chờ công bố", "Accepted, not yet published"),
    "rejected": OUTCOME_LABELS["rejected"],
    "held": OUTCOME_LABELS["held"],
    "superseded": ("Đã được thay bằng phiên bản sau", "Superseded by a later version"),
    "published": ("Đã công bố", "Published"),
}


@dataclass(frozen=True)
class Status:
    state: str
    version: str | None = None
    """The published version that holds the file (`published`)."""

    def label(self, lang: str) -> str:
        """`Đã công bố, bản số liệu 08/12/2026 05:47 (UTC+7)`: the version as the time it was
        published, in Viet Nam's time (its id, a UTC timestamp, is in the API)."""
        vi, en = LABELS[self.state]
        text = vi if lang == "vi" else en
        if not self.version:
            return text
        try:
            moment = dt.datetime.strptime(self.version, "%Y%m%dT%H%M%S.%fZ")
        except ValueError:
            return f"{text} ({self.version})"
        local = moment.replace(tzinfo=dt.UTC).astimezone(VIET_NAM)
        word = "bản số liệu" if lang == "vi" else "version of"
        return f"{text}, {word} {local:%d/%m/%Y %H:%M} (UTC+7)"


def statuses(ws: Workspace, rows: list[dict]) -> dict[str, Status]:
    """submission_id → its status, for the account's upload records `rows`."""
    waiting = uploads.waiting(ws)
    found: dict[str, Status] = {}
    accepted: dict[str, dict] = {}
    for row in rows:
        submission_id = row["submission_id"]
        path = receipt_path(ws.receipts, submission_id)
        if submission_id in waiting or not path.exists():
            # Rejected or held by the check at upload: the run will say the same, by the same
            # rules; an accepted file waits for the run.
            checked = row.get("checked")
            state = checked if checked in ("rejected", "held") else "received"
            found[submission_id] = Status(state)
            continue
        stored = json.loads(path.read_text(encoding="utf-8"))
        found[submission_id] = Status(stored["outcome"])
        if stored["outcome"] == "accepted":
            accepted[submission_id] = stored | {"taken_in": path.stat().st_mtime}
    if accepted:
        found |= _published(ws, accepted)
    return found


def _published(ws: Workspace, accepted: dict[str, dict]) -> dict[str, Status]:
    """Published: the file in force for its unit and period in the current version; superseded:
    another file is (a later version, or a later file of the same version)."""
    record = current_record(ws)
    if record is None:
        return {}  # nothing published yet: as accepted
    try:
        built_at = dt.datetime.fromisoformat(record["built_at"]).timestamp()
        with duckdb.connect(
            str(ws.marts), read_only=True, config={"enable_external_access": False}
        ) as con:
            in_force = {
                (unit.casefold(), period): submission_id
                for unit, period, submission_id in con.execute(
                    "select unit_code, period_code, in_force_submission_id "
                    "from main.mart_submission_status where accepted"
                ).fetchall()
            }
    except (OSError, ValueError, KeyError, TypeError, duckdb.Error):
        return {}  # nothing published yet, or a publish swapping the file: as accepted
    found = {}
    for submission_id, receipt in accepted.items():
        key = (str(receipt.get("unit_code") or "").casefold(), receipt.get("period_code"))
        if key not in in_force or receipt["taken_in"] > built_at:
            continue  # taken in after the published build: not in it yet
        if in_force[key] == submission_id:
            found[submission_id] = Status("published", record["version"])
        else:
            found[submission_id] = Status("superseded")
    return found
