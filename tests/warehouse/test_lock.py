"""One writer at a time: a second holder waits, says for whom, and goes on when the first ends."""

import subprocess
import sys
import time

from warehouse.lock import warehouse_lock

SECOND = """
import sys, time
from warehouse.workspace import Workspace
from warehouse.lock import warehouse_lock
with warehouse_lock(Workspace.from_env(sys.argv[1]), "second", lambda m: print(m, flush=True)):
    print("acquired", flush=True)
"""


def test_a_second_holder_waits_for_the_first_and_is_told_who_holds_it(ws):
    with warehouse_lock(ws, "dvk run (test)", print):
        second = subprocess.Popen(
            [sys.executable, "-c", SECOND, str(ws.home)], stdout=subprocess.PIPE, text=True
        )
        waiting = second.stdout.readline()
        assert waiting.startswith("the warehouse is in use by dvk run (test) (pid ")
        time.sleep(0.5)
        assert second.poll() is None  # still waiting
    out, _ = second.communicate(timeout=30)
    assert out.strip() == "acquired"


def test_a_holder_that_dies_releases_the_lock(ws):
    holding = SECOND.replace(
        'print("acquired", flush=True)', 'print("acquired", flush=True)\n    time.sleep(60)'
    )
    killed = subprocess.Popen(
        [sys.executable, "-c", holding, str(ws.home)], stdout=subprocess.PIPE, text=True
    )
    assert killed.stdout.readline().strip() == "acquired"
    killed.kill()
    killed.wait()
    messages = []
    with warehouse_lock(ws, "after", messages.append):
        pass
    assert messages == []
