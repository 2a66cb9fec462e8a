"""Ctrl-C and SIGTERM during `dvk run`: one orderly stop and one line saying what was kept.

Dagster turns an interrupt into an exception in whatever step runs, and every layer below (dbt
in process, its adapter, the checks) then reports its own failure: hundreds of lines blaming
healthy data, and a failing `dbt build` would even start tracing culprits. So the signals are
taken by a thread of ours instead (blocked in every other thread, and in the check workers,
which inherit the mask and die with the run): it notes the signal, silences the run's output,
and only then interrupts the main thread as Ctrl-C would (with SIGUSR1, never blocked, to wake
it from a wait). Whatever runs stops where it is; the
pipeline is built to be killed anywhere (docs/reliability.md), so stopping is always safe.
A second signal stops the process at once.
"""

from __future__ import annotations

import _thread
import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import resource_tracker

_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_DONE = signal.SIGUSR2
"""Sent by `watched` to its own thread when the run is over."""
_WAKE = signal.SIGUSR1
"""Sent to the main thread to break the wait it may be in (a lock, a queue) at once."""


@dataclass
class Stop:
    signal: int | None = None
    """The signal that stopped the run, if one did."""

    @property
    def name(self) -> str:
        return signal.Signals(self.signal).name if self.signal else ""


_stop = Stop()


def requested() -> bool:
    """Whether the run has been asked to stop: a failure now is the stop, not the data's."""
    return _stop.signal is not None


class _Silent(io.TextIOBase):
    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def watched() -> Iterator[Stop]:
    """Within: SIGINT and SIGTERM stop the run quietly; the `Stop` yielded says whether one did."""
    global _stop
    _stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield _stop
        return
    stderr, main = sys.stderr, threading.main_thread().ident
    # multiprocessing's resource tracker, started on first use (dbt's import makes a lock),
    # unblocks SIGINT and SIGTERM after starting itself: started first, it leaves them alone.
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS | {_DONE})
    woken = signal.signal(_WAKE, lambda *_: None)

    def watch() -> None:
        while True:
            number = signal.sigwait(_SIGNALS | {_DONE})
            if number == _DONE:
                return
            if _stop.signal is not None:
                print(f"\ndvk run: {_stop.name} again: stopping at once", file=stderr, flush=True)
                os._exit(128 + number)
            _stop.signal = number
            sys.stderr = _Silent()  # Dagster's and the libraries' accounts of the unwinding
            _thread.interrupt_main(signal.SIGINT)
            signal.pthread_kill(main, _WAKE)

    watcher = threading.Thread(target=watch, name="dvk-signals", daemon=True)
    watcher.start()
    try:
        yield _stop
    finally:
        signal.pthread_kill(watcher.ident, _DONE)
        watcher.join()
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        signal.signal(_WAKE, woken)
        sys.stderr = stderr
