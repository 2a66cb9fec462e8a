"""Commands as a person runs them, in a process of their own: after `dvk run`'s summary nothing
more is printed (no shutdown noise from DuckDB's bindings, in the command or its workers), and
`dvk deadlines` prints each period's line once."""

import pytest

from ingestion.writing.writers import write_json
from tests.conftest import demo_copy, info, registration
from tests.processes import dvk_process

pytestmark = pytest.mark.slow


def test_a_run_and_the_deadlines_print_their_lines_and_nothing_else(demo_made, tmp_path):
    home = demo_copy(demo_made, tmp_path / "demo")
    rows = [registration(model_code="Q-1")]
    lagi = info(unit_code="BTH-LAGI", period="2024", submitted_on="05/01/2025")
    write_json(home / "inbox" / "lagi_2024.json", lagi, {"registrations": rows})
    run = dvk_process(home, "run")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "lagi_2024.json: accepted" in run.stdout
    assert "nanobind" not in run.stderr and "leaked" not in run.stderr, run.stderr[-2000:]

    deadlines = dvk_process(home, "deadlines", "2023")
    assert deadlines.returncode == 0, deadlines.stderr[-3000:]
    lines = (deadlines.stdout + deadlines.stderr).splitlines()
    assert len([line for line in lines if "2023: " in line and "expected" in line]) == 1
    assert "nanobind" not in deadlines.stderr
