"""A real portal: `dvk portal` in its own process on a free port of 127.0.0.1, and the accounts
made with the real `dvk accounts` command."""

from __future__ import annotations

import os
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.processes import DVK, dvk, free_port


@dataclass(frozen=True)
class Credentials:
    name: str
    password: str
    token: str


def add_account(home: Path, name: str, *scope: str) -> Credentials:
    made = dvk(home, "accounts", "add", name, *scope)
    assert made.returncode == 0, made.stderr
    lines = dict(line.strip().split(": ", 1) for line in made.stdout.splitlines()[1:3])
    return Credentials(name, lines["password"], lines["API token"])


@contextmanager
def portal(home: Path, workers: int = 1, **env: str):
    """The portal's base URL while it runs (in `workers` processes); stopped (and its output
    shown on failure) after."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DVK_HOME"} | env
    log = (home.parent / f"portal-{port}.log").open("w")
    process = subprocess.Popen(
        [DVK, "--home", str(home), "portal", "--port", str(port), "--workers", str(workers)],
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
