"""`python -m ingestion.check_worker`: one worker of the intake's checks (see `check_pool`).

It reads pickled messages on stdin — the registry first, then chunks of paths — and answers each
chunk on stdout with each file's content hash and verdict, in order. It ends when stdin closes,
and on Linux the kernel kills it when the run's process dies (its pid is the argument), so a
worker never outlives the run that started it. It imports only what reading and validating
need.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from pathlib import Path
from typing import BinaryIO

from ingestion.check import check_files
from ingestion.inbox import content_hash
from ingestion.registry import Registry
from ingestion.validation import Verdict

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


def check_chunk(chunk: list[Path], registry: Registry) -> list[tuple[str | None, Verdict]]:
    """Each file's content hash (None if it is gone) and verdict; hashed before it is read."""
    hashes = []
    for path in chunk:
        try:
            hashes.append(content_hash(path))
        except OSError:
            hashes.append(None)
    return list(zip(hashes, check_files(chunk, registry), strict=True))


def _die_with_parent(parent: int) -> None:
    """On Linux the kernel kills this worker the moment the run's process dies, however it
    dies (`kill -9` included); elsewhere the closed pipe ends it after its chunk."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def main() -> None:
    if len(sys.argv) > 1:
        _die_with_parent(int(sys.argv[1]))
    inbound, outbound = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages on the pipe
    registry = receive(inbound)
    while True:
        try:
            chunk = receive(inbound)
        except EOFError:
            return
        send(outbound, check_chunk(chunk, registry))


if __name__ == "__main__":
    main()
