"""`python -m ingestion.check_worker`: one worker of the intake's checks (see `check_pool`).

It reads pickled messages on stdin — the registry first, then chunks of paths — and answers each
chunk on stdout with its verdicts, in order. It ends when stdin closes, so a worker never outlives
the run that started it. It imports only what reading and validating need.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import BinaryIO

from ingestion.check import check_files

_LENGTH = struct.Struct("!Q")


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


def main() -> None:
    inbound, outbound = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages on the pipe
    registry = receive(inbound)
    while True:
        try:
            chunk = receive(inbound)
        except EOFError:
            return
        send(outbound, check_files(chunk, registry))


if __name__ == "__main__":
    main()
