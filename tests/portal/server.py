"""A real portal: `dvk portal` in its own process on a free port of 127.0.0.1, and the accounts
made with the real `dvk accounts` command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

DVK = str(Path(sys.executable).parent / "dvk")


@dataclass(frozen=True)
class Credentials:
    name: str
    password: str
    token: str


def dvk(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DVK_HOME", "DAGSTER_HOME")}
    return subprocess.run(
        [DVK, "--home", str(home), *args], capture_output=True, text=True, env=env, timeout=600
    )


def add_account(home: Path, name: str, *scope: str) -> Credentials:
    made = dvk(home, "accounts", "add", name, *scope)
    assert made.returncode == 0, made.stderr
    lines = dict(line.strip().split(": ", 1) for line in made.stdout.splitlines()[1:3])
    return Credentials(name, lines["password"], lines["API token"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def portal(home: Path, **env: str):
    """The portal's base URL while it runs; stopped (and its output shown on failure) after."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DVK_HOME"} | env
    log = (home.parent / f"portal-{port}.log").open("w")
    process = subprocess.Popen(
        [DVK, "--home", str(home), "portal", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=environment,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (home.parent / f"portal-{port}.log").read_text()
            assert time.monotonic() < deadline, "the portal did not start in 60 s"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
