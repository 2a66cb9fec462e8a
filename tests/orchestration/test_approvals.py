"""Periods approved by the province, held files and reopening, through the real `dvk` command
on the demo workspace: an approved period's marts do not move until it is reopened, and then the
held file counts."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingestion.writing.writers import write_json
from tests.conftest import info, registration
from tests.processes import dvk

pytestmark = pytest.mark.slow

STABLE = ("mart_registrations", "mart_registration_rows", "mart_models", "mart_reconciliation")


def marts(ws_home, *tables: str) -> dict[str, list[tuple]]:
    with duckdb.connect(str(ws_home / "published" / "marts.duckdb"), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}


def one(ws_home, query: str) -> tuple:
    with duckdb.connect(str(ws_home / "published" / "marts.duckdb"), read_only=True) as con:
        return con.execute(query).fetchone()


def test_a_version_3_of_an_approved_period_is_held_until_the_period_is_reopened(demo_home):
    home = demo_home
    by = "Ban Dân vận Tỉnh ủy Bình Thuận"
    approved = dvk(home, "approve", "60", "2023", "--note", "đã báo cáo Trung ương", "--by", by)
    assert approved.returncode == 0, approved.stderr
    assert "60 2023 approved by" in approved.stdout
    again = dvk(home, "approve", "60", "2023")
    assert again.returncode == 2 and "already approved" in again.stderr
    first = dvk(home, "run")
    assert first.returncode == 0, first.stderr[-2000:]
    before = marts(home, *STABLE)
    assert one(
        home,
        "select is_approved, approved_on is not null from mart_submission_status "
        "where unit_code = 'BTH-LAGI' and period_code = '2023'",
    ) == (True, True)
    assert one(
        home, "select bool_or(is_approved) from mart_submission_status where province_code = '35'"
    ) == (False,)

    rows = [registration(model_code=f"LAGI-V3-{n}", started_on="05/03/2023") for n in range(3)]
    lagi = info(unit_code="BTH-LAGI", period="2023", submitted_on="20/01/2024", version=3)
    write_json(home / "inbox" / "60_01_BTH-LAGI_2023_v3.json", lagi, {"registrations": rows})
    held = dvk(home, "run")
    assert held.returncode == 0, held.stderr[-2000:]
    assert "60_01_BTH-LAGI_2023_v3.json: held" in held.stdout
    assert not list((home / "inbox").glob("*.json"))
    receipts = list((home / "quarantine" / "held").glob("*.receipt.json"))
    assert len(receipts) == 1
    receipt = json.loads(receipts[0].read_text())
    assert receipt["outcome"] == "held"
    approval = next(f for f in receipt["findings"] if f["rule"] == "PERIOD_APPROVED")
    assert approval["value"].startswith("60 2023: ") and approval["value"].endswith(f", {by}")
    # The office is told whom to ask; the command is the province's data team's.
    assert approval["expected"].startswith("nếu cần sửa số liệu đã duyệt, đề nghị Ban Dân vận")
    assert "its data team runs: dvk reopen 60 2023" in approval["expected"]
    markdown = receipts[0].with_suffix(".md").read_text()
    assert "Tạm giữ: kỳ đã được phê duyệt / Held: the period is approved" in markdown
    assert marts(home, *STABLE) == before  # approval never changes facts
    assert one(home, "select state, held_files, reopen_count from mart_approvals") == (
        "approved",
        1,
        0,
    )
    audit = max((home / "reports" / "audit").glob("2*.html")).read_text()
    assert "60_01_BTH-LAGI_2023_v3.json" in audit and "đã báo cáo Trung ương" in audit
    assert dvk(home, "run").returncode == 0
    assert marts(home, *STABLE) == before  # stable across runs until a reopening

    assert dvk(home, "reopen", "60", "2023").returncode == 2  # a reason is required
    reopened = dvk(home, "reopen", "60", "2023", "--reason", "La Gi sửa số liệu")
    assert reopened.returncode == 0 and "1 held file(s) will be taken in" in reopened.stdout
    applied = dvk(home, "run")
    assert applied.returncode == 0, applied.stderr[-2000:]
    assert (
        "0 file(s) in" in applied.stdout
        and "and 1 held file(s) of reopened periods" in applied.stdout
    )
    assert "✓ 60_01_BTH-LAGI_2023_v3.json: accepted" in applied.stdout
    assert not list((home / "quarantine" / "held").glob("*"))
    after = marts(home, *STABLE)
    assert after != before
    lagi_2023 = one(
        home,
        "select sum(registrations) from mart_registrations "
        "where unit_code = 'BTH-LAGI' and period_code = '2023'",
    )
    assert lagi_2023 == (3,)
    assert one(
        home, "select state, held_files, reopen_count, last_reopen_reason from mart_approvals"
    ) == ("reopened", 0, 1, "La Gi sửa số liệu")
    log = dvk(home, "approvals", "--province", "60").stdout.splitlines()
    assert [line.split()[1:3] for line in log] == [["approve", "60"], ["reopen", "60"]]
