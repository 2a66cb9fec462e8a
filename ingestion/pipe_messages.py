"""Pickled messages over a worker process's pipes, and workers that die with their run: what
the intake's check workers and the Great Expectations worker share. Imports nothing heavy, so a
worker pays only for what it does."""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import BinaryIO

_LENGTH = struct.Struct("!Q")
PR_SET_PDEATHSIG = 1


def send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    """The next message; EOFError when the other side has closed the pipe."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        raise EOFError
    return pickle.loads(data)


def die_with_parent(parent: int) -> None:
    """On Linux the kernel kills this worker the moment the run's process dies, however it
    dies (`kill -9` included); elsewhere the closed pipe ends it after its work. (The kernel
    watches the thread that started the worker: start workers from the run's main thread.)
    Ctrl-C reaches the whole process group: answering it is the run's, not the worker's (which
    would print its own KeyboardInterrupt traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
