"""Killed anywhere in its intake, a run loses nothing (`kill_harness`): while files are read
and checked, archived, quarantined, reloaded, loaded, at each batch commit and as the inbox
empties; and every kill is recovered by the next run, to the marts of a run never killed."""

import pytest

from tests.orchestration.kill_harness import harness, kill_chain

pytestmark = pytest.mark.slow

IN_THE_INTAKE = [
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


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    return harness(tmp_path_factory.mktemp("kill"))


def test_a_run_killed_anywhere_in_the_intake_loses_no_file(prepared, tmp_path):
    killed = kill_chain(prepared, IN_THE_INTAKE, tmp_path)
    missed = [here for here in IN_THE_INTAKE if here not in killed]
    assert len(killed) >= 22, f"killed at {killed}; not reached: {missed}"
