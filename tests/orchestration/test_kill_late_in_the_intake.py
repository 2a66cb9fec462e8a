"""Killed anywhere in its intake, a run loses nothing (`kill_harness`): at later batch commits,
loads, checks and archive copies, as the inbox empties and at the intake's end; and every kill
is recovered by the next run, to the marts of a run never killed. The second of two chains of
the intake (the first: `test_kill_early_in_the_intake.py`)."""

import pytest

from tests.orchestration.kill_harness import kill_most

pytestmark = pytest.mark.slow

LATE_IN_THE_INTAKE = [
    "intake.batch_committed#2",
    "intake.checked#3",
    "intake.archived#3",
    "intake.loading#2",
    "intake.batch_committed#1",
    "intake.inbox_emptied#2",
    "intake.checked#4",
    "intake.archived#4",
    "intake.loading#3",
    "intake.checked#6",
    "intake.inbox_emptied#3",
    "intake.recorded#1",  # the last: it takes in every file left
]


def test_a_run_killed_anywhere_late_in_the_intake_loses_no_file(prepared, tmp_path):
    kill_most(prepared, LATE_IN_THE_INTAKE, tmp_path, floor=11)
