"""Named points in a run where a test kills it, or fails it as a full disk would, on purpose:
the proof that a kill anywhere loses nothing is only as good as the places it is tried.

`DVK_FAULT_TRACE=<file>` appends `<point>#<n>` each time a point is reached (the n-th time);
`DVK_KILL_AT=<point>#<n>` sends SIGKILL to the run's own process there, as `kill -9` would;
`DVK_FULL_DISK_AT=<point>#<n>` raises the `OSError` a full disk raises (ENOSPC) there;
`DVK_FILL_DISK_AT=<point>#<n>:<file>` fills the disk holding <file> there, by writing the file
until the disk refuses, so that the writers after it meet a real full disk;
`DVK_SIGNAL_AT=<point>#<n>:<INT|TERM>` sends SIGINT or SIGTERM to the run's process group
there, as Ctrl-C in its terminal or a service manager stopping it would.
Unset, which is always outside the tests, a point costs two dictionary lookups.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading

TRACE_ENV = "DVK_FAULT_TRACE"
KILL_ENV = "DVK_KILL_AT"
FULL_DISK_ENV = "DVK_FULL_DISK_AT"
SIGNAL_ENV = "DVK_SIGNAL_AT"
FILL_DISK_ENV = "DVK_FILL_DISK_AT"
_counts: dict[str, int] = {}
_lock = threading.Lock()


def reached(point: str) -> None:
    trace, kill, full, stop, fill = (
        os.environ.get(k) for k in (TRACE_ENV, KILL_ENV, FULL_DISK_ENV, SIGNAL_ENV, FILL_DISK_ENV)
    )
    if not (trace or kill or full or stop or fill):
        return
    with _lock:  # points are reached from the intake's writer threads too
        _counts[point] = _counts.get(point, 0) + 1
        here = f"{point}#{_counts[point]}"
        if trace:
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(here + "\n")
    if here == kill:
        os.kill(os.getpid(), signal.SIGKILL)
    if here == full:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), point)
    if fill and fill.partition(":")[0] == here:
        _fill(fill.partition(":")[2])
    if stop and stop.partition(":")[0] == here:
        os.killpg(os.getpgrp(), signal.Signals[f"SIG{stop.partition(':')[2]}"])


def _fill(path: str) -> None:
    block = b"\0" * (1 << 20)
    with open(path, "ab", buffering=0) as handle:
        try:
            while True:
                handle.write(block)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    # the last few bytes too
    with open(path, "ab", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 512)


def reset() -> None:
    """Count from zero again (a process that runs the pipeline more than once)."""
    with _lock:
        _counts.clear()
