"""No file can stop publishing for everyone (issue #33): each poison file of the probes, sent
beside a good one, is refused or quarantined with a receipt, the good one is published, and
so is the next run's; a workspace wedged by files an earlier version accepted heals itself."""

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from ingestion.check.receipts import Receipt
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_rows, registration

pytestmark = pytest.mark.slow

POISONS = {
    # name: (the Thông tin overrides, the rows, the sheet of claimed totals, the rule refused by)
    "period_0000": ({"period": "0000"}, None, None, "PERIOD_OUT_OF_RANGE"),
    "period_9999": ({"period": "9999-Q4"}, None, None, "PERIOD_OUT_OF_RANGE"),
    "period_2012": ({"period": "2012"}, None, None, "PERIOD_OUT_OF_RANGE"),
    "period_2045": ({"period": "2045"}, None, None, "PERIOD_OUT_OF_RANGE"),
    "period_2205": ({"period": "2205"}, None, None, "PERIOD_OUT_OF_RANGE"),
    "version_sup": ({"version": "²"}, None, None, "VERSION_INVALID"),
    "version_circled": ({"version": "①"}, None, None, "VERSION_INVALID"),
    "version_long": ({"version": "9" * 5000}, None, None, "VERSION_INVALID"),
    "sent_sup": ({"submitted_on": "²"}, None, None, "DATE_INVALID"),
    "surrogate": ({}, [registration(model_name="A\ud800B")], None, "TEXT_UNSTORABLE"),
    "claim_huge": ({}, None, "99999999999999999999999", None),
    "claim_negative": ({}, None, "-5", None),
}


SENT = dt.date.today().isoformat()
"""Ngày gửi: today, the day the files arrive (no SUBMITTED_GAP to blur the rules compared)."""


def _document(overrides, rows, claim, unit="BTH-TUYPHONG", code="TUY-001") -> dict:
    document = {
        "submission": info(**{"unit_code": unit, "submitted_on": SENT, **overrides}),
        "registrations": rows or [registration(model_code=code, model_name=f"Mô hình {code}")],
    }
    if claim is not None:
        document["claimed_totals"] = [{"indicator": "registered", "value": claim}]
    return document


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=True, default=str), "utf-8")
    return path


def _good(ws, unit: str, code: str) -> Path:
    return _write(ws.inbox / f"good_{unit}.json", _document({}, None, None, unit, code))


def _receipt(ws, path_bytes: bytes) -> dict:
    submission_id = hashlib.sha256(path_bytes).hexdigest()
    return json.loads((ws.receipts / f"{submission_id}.receipt.json").read_text("utf-8"))


def _models(ws) -> set[str]:
    return {code for (code,) in published_rows(ws, "select model_code from mart_models")}


def test_every_poison_file_beside_a_good_one_leaves_the_run_and_the_next_one_publishing(
    tmp_path,
):
    ws = demo_workspace(tmp_path / "home")
    sent = {}
    for number, (name, (overrides, rows, claim, _)) in enumerate(POISONS.items()):
        # each poison from its own unit and model: the claims ride on files otherwise good
        document = _document(overrides, rows, claim, "BTH-TUYPHONG", f"P-{number}")
        sent[name] = _write(ws.inbox / f"{name}.json", document).read_bytes()
    _good(ws, "BTH-PHANTHIET", "GOOD-1")

    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    assert "GOOD-1" in _models(ws)
    for name, (_, _, _, rule) in POISONS.items():
        receipt = _receipt(ws, sent[name])
        rules = {f["rule"] for f in receipt["findings"]}
        if rule is None:  # an unreadable claim never rejects: it is left out, with a warning
            assert (receipt["outcome"], rules) == ("accepted", {"CLAIM_IGNORED"}), name
        else:
            assert receipt["outcome"] == "rejected" and rule in rules, (name, rules)
    claims = published_rows(ws, "select count(*) from mart_reconciliation where claimed < 0")
    assert claims == [(0,)]

    _good(ws, "BTH-LAGI", "GOOD-2")
    again = run_pipeline(ws)
    assert again.success, again.failure
    assert {"GOOD-1", "GOOD-2"} <= _models(ws)


def _archived_as_accepted(ws, name: str, document: dict, arrival: int) -> str:
    """A file an earlier version accepted: in archive/ with its accepted receipt."""
    data = json.dumps(document, ensure_ascii=True, default=str).encode()
    submission_id = hashlib.sha256(data).hexdigest()
    (ws.archive / f"{submission_id}.json").write_bytes(data)
    Receipt(
        submission_id=submission_id,
        original_name=f"{name}.json",
        outcome="accepted",
        received_at="2026-12-01T08:00:00+00:00",
        submission={"unit_code": "BTH-TUYPHONG", "period_code": "2023"},
        arrival_seq=arrival,
    ).write(ws.receipts)
    return submission_id


def test_a_workspace_wedged_by_files_an_earlier_version_accepted_heals_on_the_next_run(
    tmp_path,
):
    ws = demo_workspace(tmp_path / "home")
    surrogate = _archived_as_accepted(
        ws, "surrogate", _document({}, [registration(model_name="A\ud800B")], None), 1
    )
    typo = _archived_as_accepted(
        ws, "period_2205", _document({"period": "2205"}, None, None, code="TYPO-1"), 2
    )
    kept = _archived_as_accepted(
        ws, "earlier_good", _document({}, None, None, "BTH-HAMTAN", "EARLY-1"), 3
    )
    _good(ws, "BTH-PHANTHIET", "GOOD-1")

    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    assert {"GOOD-1", "EARLY-1"} <= _models(ws)
    assert "TYPO-1" not in _models(ws)
    for submission_id, rule in ((surrogate, "LOAD_FAILED"), (typo, "CHECK_FAILED")):
        receipt = json.loads((ws.receipts / f"{submission_id}.receipt.json").read_text("utf-8"))
        assert receipt["outcome"] == "rejected"
        (finding,) = [f for f in receipt["findings"] if f["rule"] == rule]
        assert finding["expected"], finding  # the reason: the error, or the checks that failed
        assert (ws.quarantine / f"{submission_id}.json").exists()
        assert not (ws.archive / f"{submission_id}.json").exists()
        assert (ws.quarantine / f"{submission_id}.receipt.json").exists()
    assert (ws.archive / f"{kept}.json").exists()
    status = published_rows(
        ws, "select count(*) from mart_submission_status where unit_code = 'BTH-PHANTHIET'"
    )
    assert status[0][0] >= 1

    # The next run, and a warehouse rebuilt from archive/ and quarantine/ alone, agree.
    _good(ws, "BTH-LAGI", "GOOD-2")
    assert run_pipeline(ws).success
    shutil.move(ws.warehouse, tmp_path / "old.duckdb")
    rebuilt = run_pipeline(ws)
    assert rebuilt.success, rebuilt.failure
    assert {"GOOD-1", "GOOD-2", "EARLY-1"} <= _models(ws)
    assert "TYPO-1" not in _models(ws)
