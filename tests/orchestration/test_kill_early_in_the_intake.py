"""Killed anywhere in its intake, a run loses nothing (`kill_harness`): while files are listed,
checked, quarantined, archived, reloaded, loaded, at a batch commit and as the inbox empties;
and every kill is recovered by the next run, to the marts of a run never killed. The first of
two chains of the intake (the other: `test_kill_late_in_the_intake.py`, a module of its own so
that the chains run on both workers)."""

import pytest

from tests.orchestration.kill_harness import kill_most

pytestmark = pytest.mark.slow

EARLY_IN_THE_INTAKE = [
    "intake.listed#1",
    "intake.quarantined#1",
    "intake.checked#2",
    "intake.archived#2",
    "intake.reloaded#1",  # what the kill before archived, loaded from archive/
    "intake.checked#5",
    "intake.archived#5",
    "intake.loading#1",
    "intake.batch_committed#1",
    "intake.inbox_emptied#1",
    "intake.inbox_emptied#4",
    "intake.checked#8",
]


def test_a_run_killed_anywhere_early_in_the_intake_loses_no_file(prepared, tmp_path):
    kill_most(prepared, EARLY_IN_THE_INTAKE, tmp_path, floor=11)
