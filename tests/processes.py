"""The `dvk` command as its own process, as the data team runs it, and a free local port for
the servers the tests start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

DVK = str(Path(sys.executable).parent / "dvk")


def dvk(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`dvk --home HOME ARGS…`, without this process's DVK_HOME and DAGSTER_HOME."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DVK_HOME", "DAGSTER_HOME")}
    return subprocess.run(
        [DVK, "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=environment | (env or {}),
        timeout=600,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
