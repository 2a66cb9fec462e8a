"""Running the Great Expectations suites on the warehouse and rendering Data Docs.

The context is ephemeral and configured in code: the suites live in `expectation_suites`, the
results of one run go to the Data Docs site under `reports/data_docs/`, rebuilt whole each run
in a side folder and swapped in, so the site always shows one run. Great Expectations is
imported here only, when a run checks: it takes seconds to import, so a run starts importing it
in the background (`preload`) while it loads files and builds the models.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from quality.data_docs import make_offline
from quality.expectation_suites import BATCH, SUITES, Suite

SITE = "dvk"
SAMPLE = 20
"""Failing values (or the rows they identify) kept per expectation in results and Data Docs."""
SUMMARY_FILE = "summary.json"
_preloading: list[threading.Thread] = []


def preload() -> None:
    """Import Great Expectations in a background thread, once per process."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # read when it is imported
    if not _preloading:
        thread = threading.Thread(
            target=importlib.import_module, args=("great_expectations",), daemon=True
        )
        _preloading.append(thread)
        thread.start()


@dataclass
class Failure:
    expectation: str
    columns: str
    unexpected: int
    examples: list = field(default_factory=list)


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


def validate(
    con: duckdb.DuckDBPyConnection,
    docs_dir: Path,
    batch: Iterable[str] | None,
    run_name: str,
    suites: Sequence[Suite] = SUITES,
) -> list[SuiteResult]:
    """Validate each suite's frame and rebuild the Data Docs site at `docs_dir`.

    `batch`: the submission ids whose rows the row-level suites check; None checks them all.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for thread in _preloading:
        thread.join()
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    _register_batch(con, batch)
    building = docs_dir.parent / f".{docs_dir.name}-{uuid.uuid4().hex[:8]}"
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            data_docs_sites={
                SITE: {
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(building),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                }
            },
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        ),
    )
    source = context.data_sources.add_pandas("warehouse")
    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    results = []
    for suite in suites:
        frame = con.execute(suite.query).df()
        batch_definition = source.add_dataframe_asset(
            suite.name
        ).add_batch_definition_whole_dataframe("frame")
        expectation_suite = context.suites.add(
            gx.ExpectationSuite(
                name=suite.name,
                expectations=suite.expectations(gxe),
                meta={"blocking": suite.blocking, "model": suite.model, "notes": suite.description},
            )
        )
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=expectation_suite)
        )
        outcome = definition.run(
            batch_parameters={"dataframe": frame},
            result_format=_result_format(suite),
            run_id=run_id,
        )
        results.append(_summarise(suite, outcome, len(frame)))
    context.build_data_docs(site_names=[SITE])
    make_offline(building, results)
    (building / SUMMARY_FILE).write_text(
        json.dumps([asdict(result) for result in results], indent=2, default=str) + "\n",
        encoding="utf-8",
    )
    _swap_in(building, docs_dir)
    return results


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


def _register_batch(con: duckdb.DuckDBPyConnection, batch: Iterable[str] | None) -> None:
    con.execute(f"create or replace temp table {BATCH} (submission_id varchar)")
    if batch is None:
        con.execute(f"insert into {BATCH} select submission_id from staging.stg_raw__submissions")
    elif ids := [[submission_id] for submission_id in batch]:
        con.executemany(f"insert into {BATCH} values (?)", ids)


def _result_format(suite: Suite) -> dict:
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE}
    if suite.identified_by:
        result_format["unexpected_index_column_names"] = list(suite.identified_by)
    return result_format


def _summarise(suite: Suite, outcome, rows: int) -> SuiteResult:
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


def _plain(value):
    """A JSON-friendly copy of a failing value or row identity."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _swap_in(building: Path, docs_dir: Path) -> None:
    old = docs_dir.parent / f".{docs_dir.name}-old-{uuid.uuid4().hex[:8]}"
    if docs_dir.exists():
        docs_dir.rename(old)
    building.rename(docs_dir)
    shutil.rmtree(old, ignore_errors=True)
