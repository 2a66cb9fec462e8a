"""The order test modules are handed to the two workers: longest first.

`make test` runs each module on one worker (`--dist loadfile`, so that a module's shared
pipeline run happens once), taking modules in collection order as a worker runs low. In
alphabetical order the kill chains and the six-run equality came last, and one worker sat idle
for minutes while the other ran them alone. Taken longest first (the durations measured in
`durations.json`), the short modules fill in at the end. `DVK_RECORD_DURATIONS=1 make test`
measures them again.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("durations.json")
RECORD_ENV = "DVK_RECORD_DURATIONS"


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def longest_first(items: list[pytest.Item]) -> None:
    """Modules by their recorded seconds, longest first; each module's tests stay together and
    in their order (a stable sort), modules not recorded last in their own order."""
    known = json.loads(DURATIONS.read_text("utf-8")) if DURATIONS.exists() else {}
    items.sort(key=lambda item: -known.get(_module(item.nodeid), 0.0))


class Recorder:
    """Sums each module's setup, call and teardown seconds; writes them at the session's end."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[_module(report.nodeid)] += report.duration

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput"):
            return  # a worker: the controller sees every report
        ordered = dict(sorted(self.seconds.items(), key=lambda kv: -kv[1]))
        text = json.dumps({k: round(v, 1) for k, v in ordered.items()}, indent=1)
        DURATIONS.write_text(text + "\n", "utf-8")


def recording() -> bool:
    return os.environ.get(RECORD_ENV) == "1"
