"""Nothing lost or guessed at the inbox (issue #33): links, FIFOs and folders as an office's
share or an adversary leaves them, and a file still being written while runs start."""

import hashlib
import json
import os
import threading
import time

import duckdb
import pytest

from ingestion.format.raw_tables import create_raw_tables
from ingestion.intake.intake_report import FILE_EVENT
from ingestion.intake.process import process_inbox
from ingestion.reference.registry import Registry
from tests.conftest import info, registration


def _submission(unit: str, code: str, rows: int = 1) -> bytes:
    document = {
        "submission": {**info(unit_code=unit), "submitted_on": "2023-10-10"},
        "registrations": [
            registration(model_code=f"{code}-{n}", model_name=f"Mô hình {code} {n}")
            for n in range(rows)
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _intake(ws):
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        return process_inbox(ws, Registry.load(ws.units_dir), con)


def _stored(ws) -> set[bytes]:
    return {
        path.read_bytes()
        for folder in (ws.archive, ws.quarantine)
        for path in folder.iterdir()
        if path.is_file() and ".receipt." not in path.name
    }


def test_links_fifos_and_devices_are_never_read_and_folders_are(ws, monkeypatch, caplog):
    monkeypatch.setenv("DVK_INBOX_SETTLE_SECONDS", "0")
    secret = ws.home.parent / "shadow.json"
    secret.write_bytes(_submission("BTH-TUYPHONG", "SECRET"))
    (ws.inbox / "shadow.json").symlink_to(secret)
    (ws.inbox / "etc").symlink_to(ws.home.parent)
    os.mkfifo(ws.inbox / "pipe.json")  # opened, it would block the run for ever
    (ws.inbox / "huyen_tuy_phong").mkdir()
    (ws.inbox / "huyen_tuy_phong" / "2023.json").write_bytes(_submission("BTH-TUYPHONG", "T"))
    (ws.inbox / "lagi.json").write_bytes(_submission("BTH-LAGI", "L"))

    with caplog.at_level("INFO", logger="ingestion.intake.process"):
        report = _intake(ws)

    said = {
        event["name"]: event.get("why")
        for event in (getattr(record, FILE_EVENT, None) for record in caplog.records)
        if event and event["outcome"] == "left"
    }  # what `dvk run` prints for each
    assert said == {
        "etc": "left in inbox: a symbolic link, never followed nor read",
        "pipe.json": "left in inbox: a FIFO, never followed nor read",
        "shadow.json": "left in inbox: a symbolic link, never followed nor read",
    }
    assert sorted(r.original_name for r in report.accepted) == ["2023.json", "lagi.json"]
    assert sorted(report.left) == ["etc", "pipe.json", "shadow.json"]
    assert secret.read_bytes() not in _stored(ws)  # neither archived nor quarantined
    assert (ws.inbox / "shadow.json").is_symlink() and secret.exists()
    assert not (ws.inbox / "huyen_tuy_phong" / "2023.json").exists()


@pytest.mark.slow
def test_a_file_written_for_30_s_while_runs_start_loses_no_byte_and_no_submission(ws):
    content = _submission("BTH-PHANTHIET", "GROWING", rows=300)
    path = ws.inbox / "growing.json"
    chunks = [content[i : i + 200] for i in range(0, len(content), 200)]
    pause = 30 / len(chunks)

    def write() -> None:
        with path.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                handle.flush()
                time.sleep(pause)

    writer = threading.Thread(target=write)
    writer.start()
    runs = 0
    while writer.is_alive():
        _intake(ws)
        runs += 1
        time.sleep(2)
    writer.join()
    time.sleep(0.1)
    _intake(ws)  # the run after the writer finished
    runs += 1

    assert runs >= 8
    assert content in _stored(ws)  # every byte, in the archive
    digest = hashlib.sha256(content).hexdigest()
    assert (ws.archive / f"{digest}.json").read_bytes() == content
    receipt = json.loads((ws.receipts / f"{digest}.receipt.json").read_text("utf-8"))
    assert receipt["outcome"] == "accepted"
    assert not path.exists()
