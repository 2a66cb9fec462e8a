"""The `dvk` command as a user runs it: a separate process, exit codes, what it prints."""

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingestion.writing.writers import write_json
from tests import processes
from tests.bi_reader import start_reader, stop_reader
from tests.conftest import demo_copy, info, registration
from tests.ingestion.conformance import books
from warehouse.publish import publish

TOTAL = "select sum(registrations) from marts.mart_registrations where province_code = '60'"


def dvk(*args: str, home: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return processes.dvk(home, *args, env=env)


def _content(marts: Path) -> list[tuple]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return con.execute("select * from marts.mart_registrations order by all").fetchall()


@pytest.mark.slow
def test_demo_prints_figures_and_paths_and_a_second_run_changes_nothing(demo_made, tmp_path):
    demo = demo_made.printed  # `dvk demo`, run once for the tests that start from its workspace
    assert "models registered at district level: 746 | 746  ok" in demo.stdout
    assert "of which new in 2023: 480 | 480  ok" in demo.stdout
    assert f"Marts:    {demo_made.home / 'published' / 'marts.duckdb'}" in demo.stdout
    # Replication lineage inside the demo's years, across units too (`UNIT:CODE`).
    assert "87 replications in 6 unit(s): KCQ-1-001" in demo.stdout
    assert "55 replications in 14 unit(s): PHA-2023-001" in demo.stdout
    # Across the 2025 reform: a ward of today's Lâm Đồng replicates the old city's model, and
    # a file that still names the district level is rejected and sent again.
    assert "Tỉnh Lâm Đồng 2025-H2: 15 registrations from 4 communes and wards" in demo.stdout
    assert "Tỉnh Ninh Bình 2026-H1: 9 registrations from 3 communes and wards" in demo.stdout
    assert (
        "  ✗ lamdong_2026-H1_LAMDONG-MUINE.xlsx: rejected: 1 errors, 0 warnings; first: Đăng ký, "
        "row 4, Cấp (G): There is no district level from 1 July 2025 (LEVEL_AFTER_REFORM)"
    ) in demo.stdout  # the line names the first thing to fix, unwrapped
    assert "  ✓ lamdong_2026-H1_LAMDONG-MUINE-v2.xlsx: accepted" in demo.stdout
    # The cases it plants, named as the README promises.
    assert (
        "superseded: 60_02_BTH-TUYPHONG_2023_v1.xlsx (version 1) by 60_02_BTH-TUYPHONG_2023.json "
        "(version 2)"
    ) in demo.stdout
    assert "claimed total not borne out: BTH-LAGI 2023 registered claims 76, its rows give 74" in (
        demo.stdout
    )
    assert "outlier: HNM-KCQ 2024 registrations = 15 against a median of 84" in demo.stdout
    assert "rejected: 2 file(s)" in demo.stdout
    # A line per file as the intake goes; dbt as one summary line, all of it in the log.
    assert "  ✓ 35_2019_KCQ.xlsx: accepted (0 warnings)" in demo.stdout
    assert "  ✗ 60_09_BTH-PHUQUI_2023_loi.json: rejected: 2 errors" in demo.stdout
    assert "  dbt build: PASS=" in demo.stdout and " ERROR=0 " in demo.stdout
    assert "START sql" not in demo.stdout
    # The plausibility checks that warned, with what to look at: only the planted cases.
    warned = demo.stdout.split("  plausibility warnings (published all the same; ")[1]
    assert warned.splitlines()[1:3] == [
        "    claimed_totals_match: 1 row: BTH-LAGI 2023 registered -2",
        "    figures_in_line_with_history: 2 rows: HNM-KCQ 2024 registrations; HNM-KCQ 2024 "
        "recognized",
    ]
    assert warned.splitlines()[3].startswith("Published version")
    home = demo_copy(demo_made, tmp_path / "demo")
    dbt_log = (home / "reports" / "dbt-output.log").read_text()
    assert "START sql" in dbt_log
    # dbt's unit tests are off the path of a run (they run with a full refresh, and in a test).
    assert not re.findall(r"PASS (\w+::\w+)", dbt_log)
    first = _content(home / "published" / "marts.duckdb")

    again = dvk("run", home=home)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 file(s) in" in again.stdout
    assert _content(home / "published" / "marts.duckdb") == first

    # A BI reader holding the marts open neither blocks a run nor is broken by it.
    marts, stop = home / "published" / "marts.duckdb", tmp_path / "stop"
    reader = start_reader(marts, TOTAL, stop)
    rows = [registration(model_code=f"H1-{i}") for i in range(5)]
    write_json(
        home / "inbox" / "h1.json",
        info(period="2024-H1", submitted_on="01/07/2024"),
        {"registrations": rows},
    )
    # Empty means empty (contract §2): `[]`, `null` and a blank sheet are no rows.
    award = {
        "recipient_type": "Tập thể",
        "recipient_name": "Hội Phụ nữ xã Tân Thắng",
        "award_form": "Giấy khen",
        "awarding_authority": "Huyện ủy",
        "decision_no": "7-QĐ/HU",
        "decision_date": "01/06/2024",
    }
    lagi = info(unit_code="BTH-LAGI", period="2024-H1", submitted_on="01/07/2024")
    sections = {"registrations": [], "recognitions": None, "awards": [award]}
    empty_parts = write_json(home / "inbox" / "empty_parts.json", lagi, sections)
    blank = books.write(
        home / "inbox" / "blank_sheet.xlsx",
        info(unit_code="BTH-HAMTAN", period="2024-H1", submitted_on="01/07/2024"),
        {"registrations": books.Empty.BLANK, "awards": [award]},
    )
    for path in (empty_parts, blank):
        checked = dvk("validate", str(path), home=home)
        assert checked.returncode == 0, checked.stdout
    with_reader = dvk("run", home=home)
    assert with_reader.returncode == 0, with_reader.stderr[-3000:]
    assert "accepted 3, rejected 0" in with_reader.stdout
    assert stop_reader(reader, stop) == "queries>0 errors=[] seen=[(746,)]"
    with duckdb.connect(str(marts), read_only=True) as con:
        assert con.execute(TOTAL).fetchone() == (751,)

    # The demo rebuilds its own workspace, but never a real one.
    assert dvk("demo", home=home).returncode == 0
    real = tmp_path / "real"
    (real / "archive").mkdir(parents=True)
    refused = dvk("demo", home=real)
    assert refused.returncode == 2
    assert "is not a demo workspace" in refused.stderr


def test_validate_prints_receipts_and_exits_1_when_a_file_would_be_rejected(ws):
    good = write_json(ws.home / "good.json", info(), {"registrations": [registration()]})
    bad = write_json(ws.home / "bad.json", info(), {"registrations": [registration(level="?")]})
    ok = dvk("validate", str(good), home=ws.home)
    assert ok.returncode == 0, ok.stderr
    assert "Accepted" in ok.stdout
    rejected = dvk("validate", str(good), str(bad), home=ws.home)
    assert rejected.returncode == 1
    assert "| CODE_UNKNOWN | registrations | 1 | level | ? |" in rejected.stdout
    assert list(ws.archive.iterdir()) == [] and list(ws.quarantine.iterdir()) == []


def test_validate_names_a_missing_file(ws):
    result = dvk("validate", str(ws.home / "nope.xlsx"), home=ws.home)
    assert result.returncode == 2
    assert "nope.xlsx: no such file" in result.stderr


def test_publish_lists_the_kept_versions_and_rolls_back(ws):
    for version in (1, 2):
        with duckdb.connect(str(ws.warehouse)) as con:
            con.execute("create schema if not exists marts")
            con.execute(f"create or replace table marts.mart_x as select {version} as v")
        publish(ws, run_id=f"run-{version}")
    listed = dvk("publish", "--list", home=ws.home)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert [line.split()[2] for line in lines] == ["run-1", "run-2"]
    assert lines[1].endswith("<- current") and not lines[0].endswith("<- current")

    back = dvk("publish", "--rollback", home=ws.home)
    assert back.returncode == 0
    assert back.stdout.startswith(f"Published version is now {lines[0].split()[0]}")
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        assert con.execute("select v from marts.mart_x").fetchall() == [(1,)]
    refused = dvk("publish", "--rollback", home=ws.home)
    assert refused.returncode == 2
    assert "no earlier version to roll back to" in refused.stderr


def test_a_missing_workspace_is_an_error_for_every_command_but_demo(tmp_path):
    missing = tmp_path / "nowhere"
    for args in (("publish", "--list"), ("run",), ("deadlines", "2023"), ("template", "t.xlsx")):
        result = dvk(*args, home=missing)
        assert result.returncode == 2, args
        assert f"{missing}: no such workspace folder" in result.stderr
    assert not missing.exists()


def test_validate_imports_neither_dagster_nor_dbt_nor_great_expectations(ws, tmp_path):
    path = write_json(tmp_path / "f.json", info(), {"registrations": [registration()]})
    code = (
        "import sys\n"
        "from orchestration.cli import main\n"
        f"status = main(['--home', {str(ws.home)!r}, 'validate', {str(path)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'dagster', 'dagster_dbt', 'dbt', 'great_expectations'})\n"
        "print('status', status, 'heavy', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "status 0 heavy []"
