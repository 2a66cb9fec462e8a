"""The data team's append-only logs (`reference/approvals.jsonl`, `reference/followups.jsonl`):
one JSON line per decision, appended under a lock, never edited, each naming who decided."""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
from pathlib import Path


def append(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def who() -> str:
    """The OS user recording the decision."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
