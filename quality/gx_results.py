"""What one Great Expectations validation found, suite by suite, in a form the audit report, the
asset checks and the tests read: each failing expectation with its columns, its count and a few
examples (`SAMPLE`, never a person's name: docs/audit.md), kept beside the Data Docs as
`summary.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from quality.suite import Suite

SAMPLE = 20
"""Failing values (or the rows they identify) kept per expectation in results and Data Docs."""


SUMMARY_FILE = "summary.json"


@dataclass
class Failure:
    expectation: str
    columns: str
    unexpected: int
    examples: list = field(default_factory=list)
    error: str | None = None
    """Why the expectation could not be evaluated, when it could not."""


@dataclass
class SuiteResult:
    suite: str
    model: str
    blocking: bool
    description: str
    success: bool
    rows: int
    expectations: int
    failures: list[Failure] = field(default_factory=list)


def read_summary(docs_dir: Path) -> list[SuiteResult]:
    """The results of the run the Data Docs site shows; empty when none ran yet."""
    path = docs_dir / SUMMARY_FILE
    if not path.exists():
        return []
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        SuiteResult(**{**record, "failures": [Failure(**f) for f in record["failures"]]})
        for record in records
    ]


def result_format(suite: Suite) -> dict:
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE}
    if suite.identified_by:
        result_format["unexpected_index_column_names"] = list(suite.identified_by)
    return result_format


def summarise(suite: Suite, outcome, rows: int) -> SuiteResult:
    failures = []
    for result in outcome.results:
        if result.success:
            continue
        config = result.expectation_config
        kwargs = config.kwargs
        columns = kwargs.get("column") or ", ".join(
            kwargs.get("column_list") or [kwargs.get("column_A", ""), kwargs.get("column_B", "")]
        )
        details = result.result or {}
        error = None if details else _error(result.exception_info or {})
        # With identifying columns, the rows that fail; without, the failing values.
        examples = (
            details.get(
                "partial_unexpected_index_list"
                if suite.identified_by
                else "partial_unexpected_list"
            )
            or []
        )
        failures.append(
            Failure(
                expectation=config.type,
                columns=columns,
                unexpected=int(details.get("unexpected_count") or 0),
                examples=[_plain(example) for example in examples[:SAMPLE]],
                error=error,
            )
        )
    return SuiteResult(
        suite=suite.name,
        model=suite.model,
        blocking=suite.blocking,
        description=suite.description,
        success=bool(outcome.success),
        rows=rows,
        expectations=len(outcome.results),
        failures=failures,
    )


def _error(info: dict) -> str | None:
    """The first exception message of a result's `exception_info` (flat, or by metric)."""
    if "exception_message" in info:
        return info["exception_message"] or None
    messages = [item.get("exception_message") for item in info.values() if isinstance(item, dict)]
    return next((message for message in messages if message), None)


def _plain(value):
    """A JSON-friendly copy of a failing value or row identity."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
