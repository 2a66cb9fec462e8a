"""Defects planted in real submissions, run through the real pipeline: each must show as the
exact Great Expectations check that fails, the exact reconciliation row, the listed duplicate
and the change history an auditor would look for; none of them may stop the publish."""

import datetime as dt
import json

import duckdb
import pytest

from ingestion.writing.writers import write_json, write_xlsx
from orchestration.pipeline import run_pipeline
from quality.gx_results import read_summary
from tests.conftest import demo_workspace, info, registration

pytestmark = pytest.mark.slow

SENT = dt.date(2023, 12, 20)
V1, V2 = "phanthiet_2023_v1.xlsx", "phanthiet_2023_v2.xlsx"


def _registrations(prefix: str, count: int) -> list[dict]:
    return [
        registration(model_code=f"{prefix}-{i:03}", model_name=f"Mô hình {prefix} số {i}")
        for i in range(1, count + 1)
    ]


def _decision(outcome: str, code: str) -> dict:
    row = {
        "model_code": code,
        "recognition_level": "Cấp huyện",
        "outcome": outcome,
        "owner_type": "Tập thể",
    }
    if outcome == "Công nhận":
        row |= {
            "recognizing_body": "Huyện ủy",
            "decision_no": f"QĐ-{code}",
            "decision_date": dt.date(2023, 12, 1),
        }
    return row


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    ws = demo_workspace(tmp_path_factory.mktemp("planted") / "home")
    tuyphong = _registrations("TUY", 4)
    write_xlsx(
        ws.inbox / "tuyphong_2023.xlsx", info(submitted_on=SENT), {"registrations": tuyphong}
    )
    phanthiet = _registrations("PTH", 4)
    write_xlsx(
        ws.inbox / V1,
        info(unit_code="BTH-PHANTHIET", submitted_on=SENT, version=1),
        {"registrations": phanthiet},
    )
    first = run_pipeline(ws, log_level="WARNING")
    assert first.success, first.failure

    # 1. The same rows sent again under another unit's code and a new file name.
    write_json(
        ws.inbox / "lagi_bao_cao_2023.json",
        info(unit_code="BTH-LAGI", submitted_on=SENT),
        {"registrations": tuyphong},
    )
    # 2. More models recognised than proposed at one level, in one submission.
    write_json(
        ws.inbox / "hamtan_2023.json",
        info(unit_code="BTH-HAMTAN", submitted_on=SENT),
        {
            "registrations": _registrations("HTA", 3),
            "recognitions": [
                _decision("Đề nghị", "HTA-001"),
                _decision("Công nhận", "HTA-001"),
                _decision("Công nhận", "HTA-002"),
            ],
        },
    )
    # 3. A claimed total off by 2: five rows, seven claimed.
    write_xlsx(
        ws.inbox / "bacbinh_2023.xlsx",
        info(unit_code="BTH-BACBINH", submitted_on=SENT),
        {
            "registrations": _registrations("BBI", 5),
            "claimed_totals": [{"indicator": "Số mô hình đăng ký", "value": "7"}],
        },
    )
    # 4. One model, same name and place (the province, for province-level blocs), two units;
    # at two levels, so that the two files differ.
    for unit, level in (("BTH-CA", "Cấp huyện"), ("BTH-QS", "Cấp tỉnh")):
        row = registration(model_code=None, model_name="Camera an ninh số 1", level=level)
        write_json(
            ws.inbox / f"{unit}_2023.json",
            info(unit_code=unit, submitted_on=SENT),
            {"registrations": [row]},
        )
    # 5. A second version from Phan Thiết: row 1 dropped, row 2 changed, one row added.
    second = [dict(row) for row in phanthiet[1:]]
    second[0]["status"] = "Duy trì"
    second.append(registration(model_code="PTH-005", model_name="Mô hình PTH số 5"))
    write_xlsx(
        ws.inbox / V2,
        info(unit_code="BTH-PHANTHIET", submitted_on=SENT, version=2),
        {"registrations": second},
    )
    outcome = run_pipeline(ws, log_level="WARNING")
    return ws, outcome


def _failed(ws) -> dict[str, list]:
    return {r.suite: r.failures for r in read_summary(ws.data_docs) if not r.success}


def _marts(ws, query: str) -> list[tuple]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        con.execute("use marts.main")
        return con.execute(query).fetchall()


def test_plausibility_failures_warn_and_the_marts_are_still_published(planted):
    ws, outcome = planted
    assert outcome.success, outcome.failure
    assert outcome.failed_checks == []
    assert set(_failed(ws)) == {
        "submissions_not_repeated",
        "recognitions_within_proposals",
        "claimed_totals_match",
    }
    assert _marts(ws, "select count(*) from mart_registrations where unit_code = 'BTH-BACBINH'")


def test_a_submission_sent_again_under_a_new_name_fails_the_repetition_check(planted):
    ws, _ = planted
    [failure] = _failed(ws)["submissions_not_repeated"]
    assert failure.expectation == "expect_column_values_to_be_unique"
    assert failure.unexpected == 2
    assert sorted((e["unit_code"], e["original_name"]) for e in failure.examples) == [
        ("BTH-LAGI", "lagi_bao_cao_2023.json"),
        ("BTH-TUYPHONG", "tuyphong_2023.xlsx"),
    ]


def test_more_recognised_than_proposed_fails_naming_the_unit_and_level(planted):
    ws, _ = planted
    [failure] = _failed(ws)["recognitions_within_proposals"]
    assert failure.expectation == "expect_column_pair_values_a_to_be_greater_than_b"
    assert failure.unexpected == 1
    [example] = failure.examples
    assert (example["unit_code"], example["period_code"], example["recognition_level"]) == (
        "BTH-HAMTAN",
        "2023",
        "huyen",
    )


def test_a_claimed_total_off_by_two_is_the_one_mismatch_row(planted):
    ws, _ = planted
    assert _marts(
        ws,
        "select unit_code, original_name, indicator, breakdown, claimed, computed, difference "
        "from mart_reconciliation where status = 'mismatch'",
    ) == [("BTH-BACBINH", "bacbinh_2023.xlsx", "registered", None, 7, 5, -2)]
    [failure] = _failed(ws)["claimed_totals_match"]
    assert [(e["unit_code"], e["difference"]) for e in failure.examples] == [("BTH-BACBINH", -2)]


def test_a_model_two_units_registered_is_listed_once_per_unit(planted):
    ws, _ = planted
    assert _marts(
        ws,
        "select unit_code, model_name, place_code, units_registering "
        "from mart_duplicate_models order by unit_code",
    ) == [
        ("BTH-CA", "Camera an ninh số 1", "60", 2),
        ("BTH-QS", "Camera an ninh số 1", "60", 2),
    ]
    # The counting rule: each unit's registration counts for that unit.
    assert _marts(
        ws,
        "select unit_code, sum(registrations) from mart_registrations "
        "where unit_code in ('BTH-CA', 'BTH-QS') group by 1 order by 1",
    ) == [("BTH-CA", 1), ("BTH-QS", 1)]


def test_the_new_version_lists_what_it_added_removed_and_changed(planted):
    ws, _ = planted
    assert _marts(
        ws,
        "select original_name, previous_original_name, change, item_label, row_number, "
        "previous_row_number, changed_columns from mart_submission_changes "
        "order by change, item_label",
    ) == [
        (V2, V1, "added", "Mô hình PTH số 5", 5, None, None),
        (V2, V1, "changed", "Mô hình PTH số 2", 2, 3, "status"),
        (V2, V1, "removed", "Mô hình PTH số 1", None, 2, None),
    ]


def test_the_audit_report_lists_the_run_and_its_findings(planted):
    ws, outcome = planted
    [report] = [p for p in ws.audit_reports.glob(f"*-{outcome.run_id[:8]}.html")]
    text = report.read_text(encoding="utf-8")
    for heading in (
        'Hồ sơ nhận được <span class="en">/ Submissions received',
        'Tổng số tự khai không khớp với số dòng <span class="en">/ Claimed totals',
        'Kết quả kiểm tra <span class="en">/ Checks passed and failed',
        'Thay đổi so với phiên bản trước <span class="en">/ Changes against earlier versions',
    ):
        assert heading in text
    for name in ("lagi_bao_cao_2023.json", "bacbinh_2023.xlsx", V2):
        assert name in text
    assert "submissions_not_repeated" in text
    assert "../data_docs/index.html" in text
    record = json.loads((ws.audit_reports / "runs" / f"{outcome.run_id}.json").read_text())
    assert len(record["accepted"]) == 6


def test_a_check_passed_on_the_runs_files_still_shows_the_warehouses_mismatch(planted, tmp_path):
    """A later run with one good file: `claimed_totals_match` passes on it (it judges the run's
    files) and says so, and counts the mismatch the published marts still hold (before: Passed,
    rows_checked 0, nothing said of the two mismatches published)."""
    import shutil

    from warehouse.workspace import Workspace

    planted_ws, _ = planted
    ws = Workspace.from_env(tmp_path / "home")
    shutil.copytree(planted_ws.home, ws.home, symlinks=True)
    write_json(
        ws.inbox / "hamtan.json",
        info(unit_code="BTH-HAMTAN", submitted_on=SENT),
        {"registrations": _registrations("HAM", 2)},
    )
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    check = outcome.checks["marts/mart_reconciliation:claimed_totals_match"]
    assert check["passed"] is True
    assert check["describes"] == "the 1 submission(s) this run took in"
    assert (
        check["failing_in_warehouse"]
        == 1
        == len(_marts(ws, "select * from mart_reconciliation where status = 'mismatch'"))
    )
