"""One Great Expectations suite, declared as data, and the batch its row queries are limited to
(the submissions a run checks), so a new file costs the same whatever the history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

BATCH = "memory.main.checked_submissions"
"""Table of the submission ids this run checks (column `submission_id`), in the checking
connection's own in-memory database: the warehouse is attached read-only."""


@dataclass(frozen=True)
class Suite:
    name: str
    """The suite's name in Data Docs and its asset check's name in Dagster."""
    model: str
    """The dbt model whose asset shows the check."""
    blocking: bool
    """True would make a failure stop the publish. Every suite warns today: what must block
    is integrity, which dbt's tests and the mart audits check."""
    description: str
    query: str
    expectations: Callable[[ModuleType], list]
    """Given `great_expectations.expectations`, the suite's expectations."""
    identified_by: tuple[str, ...] = ()
    """Columns that name a failing row in the results (never a person's name)."""
    state: str | None = None
    """A count of the failing rows in the whole warehouse, not only the run's files: a check
    that passes on an empty batch must not hide the mismatches the published marts hold."""


def in_batch(alias: str = "") -> str:
    column = f"{alias}.submission_id" if alias else "submission_id"
    return f"{column} in (select submission_id from {BATCH})"
