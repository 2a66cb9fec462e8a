"""On time is judged by arrival (contract §4, issue #33): the portal's signed upload time, or
when the inbox got the file, on Viet Nam's calendar; the declared Ngày gửi stays as declared, and
a large gap between the two is a warning on the receipt."""

import hashlib
import json

import pytest

from ingestion.intake import uploads
from orchestration.pipeline import run_pipeline
from portal.accounts import AccountStore
from tests.conftest import demo_workspace, info, published_rows, registration
from warehouse.deadline_report import deadline_report

pytestmark = pytest.mark.slow


def _data(unit: str, code: str) -> bytes:
    document = {
        "submission": {**info(unit_code=unit), "submitted_on": "2023-10-10"},
        "registrations": [registration(model_code=code, model_name=f"Mô hình {code}")],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _upload(ws, data: bytes, name: str, at: str) -> None:
    upload = uploads.Upload("bth", at, name)
    uploads.put(ws, hashlib.sha256(data).hexdigest(), data, ".json", upload)


def test_a_file_claiming_an_old_ngay_gui_is_late_when_it_arrives_late(tmp_path):
    ws = demo_workspace(tmp_path / "home")
    AccountStore.of(ws).add("bth", [], "60")  # the uploads' account: the run asks its scope
    dropped_now = _data("BTH-TUYPHONG", "NOW-1")
    (ws.inbox / "claims_2023.json").write_bytes(dropped_now)
    _upload(ws, _data("BTH-LAGI", "UP-1"), "lagi.json", "2023-10-12T01:00:00+00:00")
    # 20:00 UTC on the deadline is 03:00 the next day in Viet Nam: late
    _upload(ws, _data("BTH-HAMTAN", "UP-2"), "hamtan.json", "2024-01-15T20:00:00+00:00")
    _upload(ws, _data("BTH-PHANTHIET", "UP-3"), "phanthiet.json", "2024-01-15T16:00:00+00:00")

    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure

    rows = published_rows(
        ws,
        "select unit_code, submitted_on::varchar, arrived_on::varchar, deadline::varchar, "
        "on_time, is_late from mart_submission_status where period_code = '2023' "
        "and unit_code in ('BTH-TUYPHONG', 'BTH-LAGI', 'BTH-HAMTAN', 'BTH-PHANTHIET') order by 1",
    )
    assert [(unit, arrived, on_time) for unit, _, arrived, _, on_time, _ in rows] == [
        ("BTH-HAMTAN", "2024-01-16", False),
        ("BTH-LAGI", "2023-10-12", True),
        ("BTH-PHANTHIET", "2024-01-15", True),
        ("BTH-TUYPHONG", rows[3][2], False),
    ]
    assert rows[3][2] >= "2026-01-01"  # the day of this run: when the inbox got the file
    assert {row[1] for row in rows} == {"2023-10-10"}  # Ngày gửi as declared
    assert [row[3] for row in rows] == ["2024-01-15"] * 4

    # The deadline report lists a late unit with the day that made it late, beside Ngày gửi.
    late = {row["unit_code"]: row for row in deadline_report(ws, "2023").late}
    assert (late["BTH-HAMTAN"]["submitted_on"], late["BTH-HAMTAN"]["arrived_on"]) == (
        "2023-10-10",
        "2024-01-16",
    )

    receipt = json.loads(
        (ws.receipts / f"{hashlib.sha256(dropped_now).hexdigest()}.receipt.json").read_text()
    )
    (gap,) = [f for f in receipt["findings"] if f["rule"] == "SUBMITTED_GAP"]
    assert gap["severity"] == "warning" and gap["value"] == "10/10/2023"
    assert receipt["outcome"] == "accepted"
