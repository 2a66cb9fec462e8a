"""Ctrl-C and SIGTERM during `dvk run`: one orderly stop and one line saying what was kept.

Dagster turns an interrupt into an exception in whatever step runs, and every layer below (dbt
in process, its adapter, the checks) then reports its own failure: hundreds of lines blaming
healthy data, and a failing `dbt build` would even start tracing culprits. So every signal is
also noted by a thread of ours, woken by the interpreter's wakeup file descriptor the moment the
signal arrives (whoever's Python handler then runs: Dagster's, or dbt's KeyboardInterrupt in
`dbt_in_process`): it marks the run as stopping (`requested`), which silences the run's output
and turns the failures that follow into the stop they are. The signals themselves are never
blocked: the processes a run starts (its workers, Dagster's log capture) inherit a mask.
Whatever runs stops where it is; the pipeline is built to be killed anywhere
(docs/reliability.md), so stopping is always safe. A second signal stops the process at once.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_DONE = 0
"""Written to the wakeup pipe by `watched` itself when the run is over."""


@dataclass
class Stop:
    signal: int | None = None
    """The signal that stopped the run, if one did."""

    @property
    def name(self) -> str:
        return signal.Signals(self.signal).name if self.signal else ""


_stop = Stop()
_stderr = sys.stderr


def requested() -> bool:
    """Whether the run has been asked to stop: a failure now is the stop, not the data's."""
    return _stop.signal is not None


def note(number: int) -> None:
    """The run is stopping: its output from now on is the unwinding, not news."""
    if _stop.signal is None:
        _stop.signal = number
        sys.stderr = _Silent()  # Dagster's and the libraries' accounts of the unwinding


def raise_keyboard_interrupt(number: int, _frame: object) -> None:
    """A handler for SIGINT and SIGTERM: noted, then Python's KeyboardInterrupt."""
    note(number)
    raise KeyboardInterrupt


class _Silent(io.TextIOBase):
    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def watched() -> Iterator[Stop]:
    """Within: SIGINT and SIGTERM stop the run quietly; the `Stop` yielded says whether one did."""
    global _stop, _stderr
    _stop, _stderr = Stop(), sys.stderr
    if threading.current_thread() is not threading.main_thread():
        yield _stop
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    handlers = {number: signal.signal(number, raise_keyboard_interrupt) for number in _SIGNALS}
    previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)

    def watch() -> None:
        seen = 0
        while True:
            for number in os.read(read, 64):
                if number == _DONE:
                    return
                if number not in _SIGNALS:
                    continue
                seen += 1
                if seen > 1:
                    print(
                        f"\ndvk run: {signal.Signals(number).name} again: stopping at once",
                        file=_stderr,
                        flush=True,
                    )
                    os._exit(128 + number)
                note(number)

    watcher = threading.Thread(target=watch, name="dvk-signals", daemon=True)
    watcher.start()
    try:
        yield _stop
    finally:
        signal.set_wakeup_fd(previous)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        os.write(write, bytes([_DONE]))
        watcher.join()
        os.close(read)
        os.close(write)
        sys.stderr = _stderr
