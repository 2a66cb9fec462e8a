"""What the run believes of an upload (issue #33): only a sidecar the portal signed says who sent
a file and when, and the uploading account's scope is asked again when the run takes the file."""

import hashlib
import json

import duckdb

from ingestion.format.raw_tables import create_raw_tables
from ingestion.intake import uploads
from ingestion.intake.process import process_inbox
from ingestion.reference.registry import Registry
from portal.accounts import AccountStore
from portal.scope import account_covers
from tests.conftest import info, registration


def _data(unit: str, code: str) -> bytes:
    document = {
        "submission": {**info(unit_code=unit), "submitted_on": "2023-10-10"},
        "registrations": [registration(model_code=code, model_name=f"Mô hình {code}")],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _intake(ws, scope=None):
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        return process_inbox(ws, Registry.load(ws.units_dir), con, scope=scope)


def _receipt(ws, data: bytes) -> dict:
    digest = hashlib.sha256(data).hexdigest()
    return json.loads((ws.receipts / f"{digest}.receipt.json").read_text("utf-8"))


def test_a_hand_made_sidecar_is_ignored_and_a_signed_one_believed(ws):
    forged, signed = _data("BTH-TUYPHONG", "F-1"), _data("BTH-LAGI", "S-1")
    (ws.inbox / "forged.json").write_bytes(forged)
    sidecars = ws.inbox / uploads.SIDECARS
    sidecars.mkdir()
    claim = {"account": "bth-tuyphong", "uploaded_at": "2023-10-11T08:00:00+00:00"}
    (sidecars / f"{hashlib.sha256(forged).hexdigest()}.json").write_text(
        json.dumps({**claim, "original_name": "on_time.json", "signature": "0" * 64})
    )
    upload = uploads.Upload("bth-lagi", "2026-12-05T08:00:00+00:00", "lagi.json")
    uploads.put(ws, hashlib.sha256(signed).hexdigest(), signed, ".json", upload)

    _intake(ws)

    believed = _receipt(ws, forged)
    assert "uploaded_by" not in believed and believed["file"] == "forged.json"
    assert believed["received_at"] != claim["uploaded_at"]
    trusted = _receipt(ws, signed)
    assert (trusted["uploaded_by"], trusted["file"]) == ("bth-lagi", "lagi.json")
    assert trusted["received_at"] == "2026-12-05T08:00:00+00:00"
    assert oct((ws.home / uploads.KEY_FILE).stat().st_mode & 0o777) == "0o600"


def test_the_run_asks_the_uploading_account_s_scope_again(ws):
    store = AccountStore.of(ws)
    store.add("bth-lagi", ["BTH-LAGI"], None)
    own, other = _data("BTH-LAGI", "O-1"), _data("BTH-TUYPHONG", "T-1")
    for data, name in ((own, "own.json"), (other, "other.json")):
        upload = uploads.Upload("bth-lagi", "2023-10-11T08:00:00+00:00", name)
        uploads.put(ws, hashlib.sha256(data).hexdigest(), data, ".json", upload)

    report = _intake(ws, scope=account_covers(ws))

    assert [r.original_name for r in report.accepted] == ["own.json"]
    refused = _receipt(ws, other)
    assert refused["outcome"] == "rejected"
    (finding,) = refused["findings"]
    assert (finding["rule"], finding["value"]) == ("UPLOAD_SCOPE", "BTH-TUYPHONG")
    assert "bth-lagi" in finding["expected"]
