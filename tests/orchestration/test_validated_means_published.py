"""One contract between validation and loading (issue #33): any submission that `dvk validate`
accepts, `dvk run` loads, builds and publishes. Submissions are generated from the format's
declaration (`submission_format`): every column, its vocabulary's labels and codes, dates and
numbers in the shapes offices write them, and hostile text, so that a value the validator
lets through but the loader, pandera or a blocking dbt test refuses fails here.

`make test` tries a few batches; a longer search: `DVK_PROPERTY_EXAMPLES=50 .venv/bin/pytest
tests/orchestration/test_validated_means_published.py` (a pipeline run per batch).
"""

import datetime as dt
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.check.files import check_file
from ingestion.format.submission_format import INFO, TABLE_SHEETS, Column
from ingestion.read.inbox import content_hash
from ingestion.reference.registry import Registry
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, published_rows

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("DVK_PROPERTY_EXAMPLES", "3"))
UNITS = ["BTH-TUYPHONG", "BTH-LAGI", "BTH-HAMTAN", "BTH-PHANTHIET", "bth-phuqui", "NOT-A-UNIT"]
PERIODS = ["2019", "2020-H1", "2021-Q3", "2022", "2023", "2023-H2", "2024", "2014", "2023-Q5"]
HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\0"),
    max_size=12,
)


def _date_text() -> st.SearchStrategy:
    dates = st.dates(dt.date(2018, 1, 1), dt.date(2024, 12, 31))
    return st.one_of(
        dates.map(lambda d: d.strftime("%d/%m/%Y")),
        dates.map(dt.date.isoformat),
        dates.map(lambda d: f"{d.day}-{d.month}-{d.year}"),
        HOSTILE,
    )


def _number_text() -> st.SearchStrategy:
    whole = st.integers(-10, 2_000_000_000)
    return st.one_of(
        whole.map(str),
        whole.map(lambda n: f"{n:,}".replace(",", ".")),
        st.sampled_from(["1.635", "1,635", "1 635", "-5", "99999999999999999999999", "²"]),
        HOSTILE,
    )


def _cell(column: Column) -> st.SearchStrategy:
    if column.vocabulary is not None:
        known = st.sampled_from([*column.vocabulary.labels(), *column.vocabulary.codes])
        choice = st.one_of(known, known, known, HOSTILE)
    elif column.is_date:
        choice = _date_text()
    elif column.is_integer:
        choice = _number_text()
    elif column.key in ("model_code", "replicated_from"):
        choice = st.one_of(st.sampled_from(["M-1", "M-2", "M-3", "BTH-LAGI:M-1"]), HOSTILE)
    else:
        choice = st.one_of(st.sampled_from(["Tổ tự quản", "Hội Nông dân", "UBND tỉnh"]), HOSTILE)
    return st.one_of(st.none(), choice) if not column.required else choice


def _rows(sheet) -> st.SearchStrategy:
    row = st.fixed_dictionaries({c.key: _cell(c) for c in sheet.columns})
    return st.lists(row, max_size=4).map(
        lambda rows: [{k: v for k, v in r.items() if v is not None} for r in rows]
    )


SUBMISSION = st.fixed_dictionaries(
    {
        INFO.key: st.fixed_dictionaries(
            {
                "unit_code": st.sampled_from(UNITS),
                "period": st.one_of(st.sampled_from(PERIODS), HOSTILE),
                "submitted_on": st.sampled_from(["2025-01-05", "31/12/2024", "2024-7-1", "²"]),
            },
            optional={"version": st.one_of(st.integers(0, 1001).map(str), HOSTILE)},
        ),
        **{sheet.key: _rows(sheet) for sheet in TABLE_SHEETS},
    }
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(SUBMISSION, min_size=6, max_size=12))
def test_what_validate_accepts_the_run_loads_builds_and_publishes(tmp_path_factory, batch):
    ws = demo_workspace(tmp_path_factory.mktemp("property") / "home")
    registry = Registry.load(ws.units_dir)
    accepted, names = set(), set()  # content hashes: the same bytes twice are processed once
    for number, document in enumerate(batch):
        path = ws.inbox / f"{number:02}.json"
        path.write_text(json.dumps(document, ensure_ascii=True), "utf-8")
        if check_file(path, registry).accepted:
            accepted.add(content_hash(path))
            names.add(path.name)

    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure
    receipts = [json.loads(p.read_text("utf-8")) for p in ws.receipts.glob("*.receipt.json")]
    outcomes = {r["submission_id"]: r["outcome"] for r in receipts}
    assert {key for key, o in outcomes.items() if o == "accepted"} >= accepted, outcomes
    assert not any(
        f["rule"] in ("LOAD_FAILED", "CHECK_FAILED") for r in receipts for f in r["findings"]
    ), "a file validation accepted was refused by the warehouse"
    published = published_rows(ws, "select distinct original_name from mart_registration_rows")
    assert {name for (name,) in published} <= names
