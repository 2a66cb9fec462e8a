"""The suites of a run are validated in a worker process that imported Great Expectations
while the run did its other work: the same results as in the run's own process, and the run's
checks still run when the worker is gone."""

from dataclasses import asdict

import pytest

from quality import gx_validation
from quality.gx_validation import ValidationFailed, begin, prestart, validate, validate_here

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def gx_not_imported_here(monkeypatch):
    """As in a run's fresh process: the tests' processes import Great Expectations once
    (conftest.py), and `prestart` starts no worker where it is imported."""
    monkeypatch.setattr(gx_validation, "_imported_here", lambda: False)


def _refuse_here(*args, **kwargs):
    raise AssertionError("validated in the test's process, not in the worker")


def test_the_worker_validates_what_the_run_would(demo_ws, tmp_path, monkeypatch):
    ws, _, _ = demo_ws
    here = validate_here(ws.warehouse, tmp_path / "here", None, "run-here")
    prestart()
    monkeypatch.setattr(gx_validation, "validate_here", _refuse_here)  # in this process only
    in_worker = validate(ws.warehouse, tmp_path / "worker", None, "run-worker")
    assert [asdict(r) for r in in_worker] == [asdict(r) for r in here]
    assert (tmp_path / "worker" / "index.html").exists()
    assert gx_validation._worker is None  # one validation a worker


def test_a_validation_begun_in_the_worker_is_answered_later_or_stopped(demo_ws, tmp_path):
    ws, _, _ = demo_ws
    prestart()
    pending = begin(ws.warehouse, tmp_path / "docs", None, "run-ahead")
    assert pending.worker is not None and gx_validation._worker is None
    assert {r.suite for r in pending.result()} == {s.name for s in gx_validation.SUITES}
    assert (tmp_path / "docs" / "index.html").exists()

    prestart()
    stopped = begin(ws.warehouse, tmp_path / "stopped", None, "run-stopped")
    worker = stopped.worker
    stopped.cancel()  # the run stopped before its checks: the worker goes with them
    assert worker.poll() is not None and stopped.worker is None
    assert not (tmp_path / "stopped").exists()
    # The side folder a stopped worker may leave is removed by the next validation.
    (tmp_path / ".stopped-0badf00d").mkdir()
    validate_here(ws.warehouse, tmp_path / "stopped", None, "run-next")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".stopped")] == []


def test_a_worker_gone_before_the_checks_leaves_them_to_the_run(demo_ws, tmp_path):
    ws, _, _ = demo_ws
    prestart()
    gx_validation._worker.kill()
    gx_validation._worker.wait()
    results = validate(ws.warehouse, tmp_path / "docs", None, "run-after-kill")
    assert {r.suite for r in results} == {s.name for s in gx_validation.SUITES}


def test_what_fails_in_the_worker_fails_the_checks_in_a_line_with_its_traceback_kept(tmp_path):
    prestart()
    with pytest.raises(ValidationFailed, match=r"failed in its worker: \w+") as failed:
        validate(tmp_path / "no-such-warehouse.duckdb", tmp_path / "docs", None, "run-x")
    assert "\n" not in str(failed.value)  # the operator's line; the traceback for the run's log
    assert failed.value.worker_traceback.startswith("Traceback")


def test_a_process_that_imported_great_expectations_validates_itself(monkeypatch):
    import great_expectations  # noqa: F401 - what a process that validated before holds

    monkeypatch.undo()  # the real answer: imported here
    prestart()
    assert gx_validation._worker is None
