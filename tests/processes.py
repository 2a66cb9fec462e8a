"""The `dvk` command as the data team runs it, and a free local port for the servers the tests
start.

`dvk` runs the command's own entry point (`orchestration.cli.main`) in a child forked from the
warmed-up test process: a process of its own (its exit code, its output, its process group, its
children), without paying the interpreter's start and the imports of Dagster, dbt and Great
Expectations again for every command (≈ 6 s of CPU each). `dvk_process` starts a fresh
interpreter, for what only a new process shows (what it imports, what it reads at start)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

DVK = str(Path(sys.executable).parent / "dvk")
TIMEOUT = 600
"""Seconds a command may take before the test fails (and the command is killed)."""


def dvk(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`dvk --home HOME ARGS…` in a forked child, without this process's DVK_HOME and
    DAGSTER_HOME; its exit code and what it printed, as `subprocess.run` gives them."""
    argv = ["--home", str(home), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        code = forked_main(argv, env, out.fileno(), err.fileno())
        printed = []
        for sink in (out, err):
            sink.seek(0)
            printed.append(sink.read().decode("utf-8", errors="replace"))
    return subprocess.CompletedProcess([DVK, *argv], code, *printed)


def dvk_process(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`dvk --home HOME ARGS…` as a fresh process, without this process's DVK_HOME and
    DAGSTER_HOME."""
    return subprocess.run(
        [DVK, "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=_without_homes(os.environ) | (env or {}),
        timeout=TIMEOUT,
    )


def forked_main(
    argv: list[str],
    env: dict[str, str] | None,
    stdout: int,
    stderr: int,
    before: Callable[[], None] | None = None,
    timeout: float = TIMEOUT,
) -> int:
    """`orchestration.cli.main(argv)` in a child forked from this process, in a process group of
    its own, with `env` added to the environment (without DVK_HOME and DAGSTER_HOME unless
    given) and its output on the descriptors `stdout` and `stderr`; `before` runs in the child
    first. Its exit code, or `-signal` when a signal ended it."""
    _warm()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.setpgid(0, 0)  # its own process group: a Ctrl-C it sends itself stays in it
            for name in ("DVK_HOME", "DAGSTER_HOME"):
                os.environ.pop(name, None)
            os.environ.update(env or {})
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            # pytest's capture replaced the streams too, not only the descriptors.
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            from orchestration.cli import main
            from warehouse import fault_points

            fault_points.reset()
            if before is not None:
                before()
            code = main(argv)
        except SystemExit as stop:  # argparse's usage errors, as the console script exits
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:  # an uncaught error, as the interpreter reports it
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return _wait(pid, timeout)


def _warm() -> None:
    """What every run imports, imported here once: each child starts with it (≈ 0.6 s of CPU a
    run), as a long-lived process would."""
    import dbt.adapters.duckdb
    import dbt.cli.main
    import dbt.task.build  # noqa: F401

    import orchestration.cli
    import orchestration.definitions  # noqa: F401


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.killpg(pid, 9)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(["dvk", f"(pid {pid})"], timeout)
        time.sleep(0.02)


def _without_homes(environment) -> dict[str, str]:
    return {k: v for k, v in environment.items() if k not in ("DVK_HOME", "DAGSTER_HOME")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
