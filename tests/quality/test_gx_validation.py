"""Great Expectations runs its expectations as SQL on the warehouse, attached read-only."""

import hashlib

import duckdb
import pytest

from quality.gx_results import read_summary
from quality.gx_validation import validate
from quality.suite import BATCH, Suite

ROWS = 200_000


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("gx") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema core")
        con.execute(
            "create table core.figures as select 's' || (range % 1000) as submission_id, "
            "range as row_number, range % 7 as proposed, range % 5 as recognized "
            f"from range({ROWS})"
        )
        con.execute("create schema staging")
        con.execute(
            "create table staging.stg_raw__submissions as "
            "select distinct submission_id from core.figures"
        )
    return path


def _suite(expectations, query="select * from core.figures") -> Suite:
    return Suite(
        name="figures_plausible",
        model="fct_recognitions",
        blocking=False,
        description="test suite",
        query=query,
        expectations=expectations,
        identified_by=("submission_id", "row_number"),
    )


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failing_rows_are_counted_in_sql_and_sampled_by_their_identity(warehouse, tmp_path):
    before = _digest(warehouse)
    suite = _suite(
        lambda gxe: [
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="proposed", column_B="recognized", or_equal=True
            )
        ]
    )
    [result] = validate(warehouse, tmp_path / "docs", None, "run-1", suites=[suite])
    expected = sum(1 for n in range(ROWS) if n % 7 < n % 5)
    assert (result.success, result.rows) == (False, ROWS)
    [failure] = result.failures
    assert (failure.unexpected, failure.error) == (expected, None)
    assert 0 < len(failure.examples) <= 20
    assert all(e["proposed"] < e["recognized"] for e in failure.examples)
    assert {"submission_id", "row_number"} <= set(failure.examples[0])
    assert (tmp_path / "docs" / "index.html").exists()
    assert read_summary(tmp_path / "docs")[0].failures[0].unexpected == expected
    assert _digest(warehouse) == before


def test_row_suites_see_only_the_runs_submissions(warehouse, tmp_path):
    suite = _suite(
        lambda gxe: [
            gxe.ExpectColumnValuesToBeBetween(column="proposed", min_value=0, max_value=5)
        ],
        query="select * from core.figures "
        f"where submission_id in (select submission_id from {BATCH})",
    )
    [result] = validate(warehouse, tmp_path / "docs", ["s1", "s6"], "run-2", suites=[suite])
    # s1: rows 1, 1001, …: proposed = row % 7; s6 likewise; 6 is out of range.
    checked = [n for n in range(ROWS) if n % 1000 in (1, 6)]
    assert result.rows == len(checked)
    [failure] = result.failures
    assert failure.unexpected == sum(1 for n in checked if n % 7 == 6)
    assert {e["submission_id"] for e in failure.examples} <= {"s1", "s6"}


def test_an_expectation_that_cannot_run_says_why(warehouse, tmp_path):
    suite = _suite(lambda gxe: [gxe.ExpectColumnValuesToBeInSet(column="absent", value_set=[1])])
    [result] = validate(warehouse, tmp_path / "docs", None, "run-3", suites=[suite])
    [failure] = result.failures
    assert not result.success
    assert failure.error and "absent" in failure.error


def test_a_suite_that_holds_passes_with_no_failures(warehouse, tmp_path):
    suite = _suite(lambda gxe: [gxe.ExpectColumnValuesToNotBeNull(column="proposed")])
    [result] = validate(warehouse, tmp_path / "docs", None, "run-4", suites=[suite])
    assert (result.success, result.rows, result.failures) == (True, ROWS, [])
