"""The inbox sensor evaluated as the daemon evaluates it, against a real inbox on disk."""

import hashlib
import json
import os
import time

import dagster as dg
import pytest

from ingestion.read.inbox import content_hash
from orchestration import inbox_sensor as sensor_module
from orchestration.definitions import PIPELINE_JOB, defs
from orchestration.inbox_sensor import inbox_sensor

SETTLE = 1.0


@pytest.fixture(scope="module")
def instance():
    with dg.instance_for_test() as instance:
        yield instance


@pytest.fixture
def inbox(ws, monkeypatch):
    monkeypatch.setenv("DVK_HOME", str(ws.home))
    monkeypatch.setenv("DVK_INBOX_SETTLE_SECONDS", str(SETTLE))
    return ws.inbox


def _tick(instance, cursor: str | None = None) -> tuple[dg.SensorResult, list[str]]:
    """One evaluation; the files it asks a run for (none when it skipped)."""
    context = dg.build_sensor_context(cursor=cursor, instance=instance)
    result = inbox_sensor(context)
    requests = result.run_requests or []
    assert len(requests) <= 1
    files = requests[0].run_config["ops"]["intake"]["config"]["files"] if requests else []
    return result, files


def _settle() -> None:
    time.sleep(SETTLE + 0.2)


def test_two_new_files_give_one_run_and_a_half_copied_file_waits(inbox, instance):
    (inbox / "a.json").write_text('{"a": 1}')
    (inbox / "b.xlsx").write_bytes(b"PK complete workbook")
    (inbox / "~$b.xlsx").write_bytes(b"excel lock file")
    _settle()
    (inbox / "c.xlsx").write_bytes(b"PK first half")  # still being copied

    first, files = _tick(instance)
    assert files == ["a.json", "b.xlsx"]
    (request,) = first.run_requests
    hashes = sorted(content_hash(inbox / name) for name in files)
    assert request.run_key == "inbox-" + hashlib.sha256("\n".join(hashes).encode()).hexdigest()[:32]
    assert request.tags["dvk/files"] == "2"
    # The request's configuration is one the pipeline job accepts.
    job = defs.resolve_job_def(PIPELINE_JOB)
    assert dg.validate_run_config(job, request.run_config)

    second, files = _tick(instance, first.cursor)
    assert files == [] and second.run_requests == []
    assert "no new complete files" in second.skip_reason.skip_message

    with (inbox / "c.xlsx").open("ab") as handle:
        handle.write(b" and the second half")
    third, files = _tick(instance, second.cursor)
    assert files == []  # complete now, but changed a moment ago
    _settle()
    _, files = _tick(instance, third.cursor)
    assert files == ["c.xlsx"]


def test_the_run_key_follows_the_bytes_not_the_names(inbox, instance):
    (inbox / "bao_cao.json").write_text('{"x": 1}')
    _settle()
    first, _ = _tick(instance)
    os.rename(inbox / "bao_cao.json", inbox / "bao cao (1).json")
    _settle()
    again, files = _tick(instance)  # a restarted daemon with no cursor
    assert files == ["bao cao (1).json"]
    assert again.run_requests[0].run_key == first.run_requests[0].run_key


def test_files_with_a_receipt_are_not_asked_for_again(inbox, ws, instance):
    (inbox / "done.json").write_text('{"done": 1}')
    (inbox / "new.json").write_text('{"new": 1}')
    _settle()
    receipt = ws.receipts / f"{content_hash(inbox / 'done.json')}.receipt.json"
    receipt.write_text("{}")
    result, files = _tick(instance)
    assert files == ["new.json"]
    # Once the run has written its receipts, the cursor forgets the hashes it was waiting for.
    (ws.receipts / f"{content_hash(inbox / 'new.json')}.receipt.json").write_text("{}")
    (inbox / "new.json").unlink()
    result, files = _tick(instance, result.cursor)
    assert json.loads(result.cursor)["pending"] == {}


def test_a_burst_becomes_a_few_runs_and_a_tick_reads_one_page(inbox, monkeypatch, instance):
    monkeypatch.setattr(sensor_module, "PAGE_FILES", 400)
    for number in range(1000):
        (inbox / f"{number:05}.json").write_text(f'{{"n": {number}}}')
    _settle()
    cursor, batches = None, []
    for _ in range(4):
        result, files = _tick(instance, cursor)
        cursor = result.cursor
        batches.append(files)
    assert [len(files) for files in batches] == [400, 400, 200, 0]
    assert sorted(name for files in batches for name in files) == sorted(os.listdir(inbox))


def test_a_tick_with_50000_files_waiting_examines_one_page(inbox, instance):
    for number in range(50_000):
        (inbox / f"{number:06}.json").write_bytes(b"{}" + str(number).encode())
    _settle()
    result, files = _tick(instance)
    assert len(files) == sensor_module.PAGE_FILES
    assert json.loads(result.cursor)["after"] == files[-1]


def _failed_run(instance, run_key: str) -> None:
    """A pipeline run with that key, failed (another process held the warehouse, say)."""
    run = instance.create_run_for_job(
        job_def=defs.resolve_job_def(PIPELINE_JOB), tags={"dagster/run_key": run_key}
    )
    instance.report_run_failed(run)


def test_a_failed_runs_files_go_again_after_a_back_off_never_parked_for_a_day(inbox, instance):
    (inbox / "a.json").write_text('{"a": "failed once"}')
    _settle()
    first, files = _tick(instance)
    assert files == ["a.json"]
    key = first.run_requests[0].run_key
    parked, files = _tick(instance, first.cursor)
    assert files == []  # its run is requested, not failed: it waits for the receipt

    _failed_run(instance, key)
    backing_off, files = _tick(instance, parked.cursor)
    assert files == []  # the first back-off has not passed
    assert "(1 skipped)" in backing_off.skip_reason.skip_message  # and the log says why
    later = sensor_module.next_batch(
        sensor_module.Workspace.from_env(),
        sensor_module.Cursor.parse(backing_off.cursor),
        now=time.time() + sensor_module.RETRY_SECONDS + 1,
        failed_at=lambda run_key: time.time() if run_key == key else None,
    )
    assert later.files == ["a.json"]
    assert later.run_key == f"{key}-attempt2" != key  # Dagster remembers a run key forever
    assert later.cursor.pending[later.hashes[0]]["attempt"] == 1


def test_links_fifos_and_folders_are_never_followed_and_folders_are_read(inbox, instance):
    outside = inbox.parent / "outside.json"
    outside.write_text('{"secret": 1}')
    (inbox / "shadow.json").symlink_to(outside)
    os.mkfifo(inbox / "pipe.json")
    (inbox / "huyen").mkdir()
    (inbox / "huyen" / "bao_cao.json").write_text('{"from": "a folder"}')
    (inbox / "linked_folder").symlink_to(inbox.parent)
    _settle()
    _, files = _tick(instance)  # would block forever on a FIFO it opened
    assert files == ["huyen/bao_cao.json"]
    skipped = sensor_module.next_batch(
        sensor_module.Workspace.from_env(), sensor_module.Cursor()
    ).skipped
    assert ("shadow.json", "a symbolic link, never followed nor read") in skipped
    assert ("pipe.json", "a FIFO, never followed nor read") in skipped
    assert ("linked_folder", "a symbolic link, never followed nor read") in skipped
