"""What the commands share: the error a person can act on, and the full disk's message."""

from __future__ import annotations

import re


class DvkError(Exception):
    """A failure a person can act on; the message says what to do."""


FULL_DISK = (
    "The disk holding {home} is full. Free space there and run `{command}` again: files not "
    "yet taken in are still in inbox/, and nothing half-written was published."
)
"""What every command says when the disk is full (docs/operations.md)."""


def full_disk(failure: str | None) -> bool:
    """A failure of a full disk, as Python, DuckDB (`"errno":"28"`) or a library words it."""
    text = failure or ""
    return "No space left on device" in text or re.search(r"errno\W+28\b", text, re.I) is not None
