"""`dvk remind`: a letter to each unit owing a report (due soon, or missing after its deadline),
in Vietnamese and English, and the list of all of them, from the published marts."""

import csv

import pytest

from tests.conftest import demo_copy
from tests.processes import dvk

pytestmark = pytest.mark.slow  # the demo's published marts


def test_units_owing_reports_get_a_letter_and_those_that_sent_none(demo_made, tmp_path):
    home = demo_copy(demo_made, tmp_path / "demo")
    # Every gap since the demo's first year, whatever today is.
    reminded = dvk(home, "remind", "--overdue", "100000")
    assert reminded.returncode == 0, reminded.stderr
    assert reminded.stdout.startswith("dvk remind: ") and " missing, their deadline " in (
        reminded.stdout
    )
    [folder] = (home / "reports" / "reminders").iterdir()
    letter = (folder / "HNM-KCQ.txt").read_text(encoding="utf-8")
    assert letter.startswith("Kính gửi Đảng ủy Khối các cơ quan tỉnh (HNM-KCQ),")
    assert "- Kỳ 2021: đã quá hạn nộp 15/01/2022, chưa nhận được." in letter
    assert "- 2021: its deadline, 15/01/2022, has passed; not received." in letter
    assert "- Kỳ 2024:" not in letter  # sent: the demo's Hà Nam 2024
    assert not (folder / "LAMDONG-LAGI.txt").exists()  # sent both its periods after the reform
    with (folder / "reminders.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["state"] for row in rows} == {"missing"}
    assert len({row["unit_code"] for row in rows}) == len(list(folder.glob("*.txt")))
    # A window with nothing in it says so; nothing published is an error to act on.
    none = dvk(home, "remind", "--days", "0", "--overdue", "0")
    assert none.returncode == 0 and "dvk remind: no report due within 0 days" in none.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = dvk(empty, "remind")
    assert refused.returncode == 2 and "run `dvk run` first" in refused.stderr
