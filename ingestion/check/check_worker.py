"""`python -m ingestion.check.check_worker`: one worker of the intake's checks (see `check_pool`).

It reads pickled messages on stdin — the registry first, then chunks of paths — and answers each
chunk on stdout with each file's content hash and verdict, in order. It ends when stdin closes,
and on Linux the kernel kills it when the run's process dies (its pid is the argument), so a
worker never outlives the run that started it. It imports only what reading and validating
need.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ingestion.check.files import check_files
from ingestion.check.verdict import Verdict
from ingestion.pipe_messages import die_with_parent, receive, send
from ingestion.read.inbox import content_hash
from ingestion.reference.registry import Registry
from warehouse.quiet_exit import silence_shutdown


def check_chunk(chunk: list[Path], registry: Registry) -> list[tuple[str | None, Verdict]]:
    """Each file's content hash (None if it is gone) and verdict; hashed before it is read."""
    hashes = []
    for path in chunk:
        try:
            hashes.append(content_hash(path))
        except OSError:
            hashes.append(None)
    return list(zip(hashes, check_files(chunk, registry), strict=True))


def main() -> None:
    if len(sys.argv) > 1:
        die_with_parent(int(sys.argv[1]))
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
    silence_shutdown()
