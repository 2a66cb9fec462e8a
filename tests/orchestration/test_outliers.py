"""Outliers found in a unit's own history and followed up: a planted figure ten times the unit's
usual appears in mart_outliers and the audit report, a steady unit does not, and an auditor's
decision is recorded and shown."""

from __future__ import annotations

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from quality.gx_results import read_summary
from tests.conftest import info, registration
from tests.processes import dvk

pytestmark = pytest.mark.slow

HISTORY = {
    # z-score: 4 earlier years, median 20, MAD 1; then ten times as many
    "BTH-TUYPHONG": {2018: 18, 2019: 20, 2020: 22, 2021: 20, 2022: 200},
    # steady: never flagged
    "BTH-LAGI": {2018: 19, 2019: 21, 2020: 20, 2021: 22, 2022: 20},
    # too short a history for a z-score: the ratio rule (median 3; then 30)
    "BTH-HAMTAN": {2020: 3, 2021: 3, 2022: 30},
}


def plant(ws) -> None:
    for unit, years in HISTORY.items():
        for year, count in years.items():
            rows = [
                registration(model_code=f"{unit[-4:]}-{year}-{n}", started_on=f"05/03/{year}")
                for n in range(count)
            ]
            head = info(unit_code=unit, period=str(year), submitted_on=f"10/01/{year + 1}")
            write_json(ws.inbox / f"{unit}_{year}.json", head, {"registrations": rows})


def outliers(ws) -> list[tuple]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        return con.execute(
            "select unit_code, period_code, measure, value, rule, follow_up, follow_up_note "
            "from mart_outliers where measure = 'registrations' order by all"
        ).fetchall()


def test_a_unit_reporting_ten_times_its_history_is_an_outlier_and_its_follow_up_is_shown(ws):
    plant(ws)
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    found = outliers(ws)
    assert ("BTH-TUYPHONG", "2022", "registrations", 200, "modified_z", "open", None) in found
    assert ("BTH-HAMTAN", "2022", "registrations", 30, "ratio", "open", None) in found
    assert not [row for row in found if row[0] == "BTH-LAGI"]
    assert not [row for row in found if row[1] != "2022"]
    audit = max(ws.audit_reports.glob("2*.html")).read_text()
    assert "Outliers against earlier periods" in audit and "BTH-TUYPHONG" in audit
    # A non-blocking check: it warns in Data Docs, the marts are published all the same.
    checked = {result.suite: result for result in read_summary(ws.data_docs)}
    assert not checked["figures_in_line_with_history"].success
    assert not checked["figures_in_line_with_history"].blocking

    explained = dvk(
        ws.home,
        "followup",
        "BTH-TUYPHONG",
        "2022",
        "registrations",
        "--explain",
        "sáp nhập 3 xã, số mô hình tăng thật",
    )
    assert explained.returncode == 0, explained.stderr
    confirmed = dvk(ws.home, "followup", "BTH-HAMTAN", "2022", "registrations", "--confirm")
    assert confirmed.returncode == 0
    wrong = dvk(ws.home, "followup", "BTH-HAMTAN", "2022", "rows", "--confirm")
    assert wrong.returncode == 2 and "not a measure" in wrong.stderr
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    decided = {row[0]: row[5:] for row in outliers(ws)}
    assert decided["BTH-TUYPHONG"] == ("explained", "sáp nhập 3 xã, số mô hình tăng thật")
    assert decided["BTH-HAMTAN"] == ("confirmed", "")
