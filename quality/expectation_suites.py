"""The Great Expectations suites, declared as data: what each checks, on which query.

Great Expectations keeps what it is good at: plausibility — figures that can be what a unit
reported and still deserve an auditor's look (recognised above proposed, odd decision dates, a
submission sent again, claimed totals the rows do not bear out, a new version whose size jumps
against the one it replaces) — and the Data Docs auditors read. They warn: the rows are
published and shown in Data Docs and the audit report, to be settled with the unit. Integrity
(keys, relationships, not-null, codes, counts not negative) is dbt's, tested in `dbt build`.

Row queries are limited to `BATCH`, the submissions this run checks (every one on a full
rebuild), so a new file costs the same whatever the history. No query returns a person's
name: Great Expectations copies failing values into Data Docs.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from quality.outcome_suites import OUTCOMES_AND_INSPECTIONS
from quality.suite import Suite, in_batch

VERSION_RATIO = (0.5, 2.0)
"""A new version with less than half or more than twice the rows of the one it replaces."""
EARLIEST_DECISION = dt.date(2010, 1, 1)
"""The movement's emulation decisions start after the 2010 campaign; earlier is a typing slip."""


def _recognitions_within_proposals(gxe: ModuleType) -> list:
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="proposed", column_B="recognized", or_equal=True
        )
    ]


def _decision_dates(gxe: ModuleType) -> list:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="decision_date",
            min_value=dt.datetime.combine(EARLIEST_DECISION, dt.time()),
            max_value=dt.datetime.combine(dt.date.today(), dt.time()),
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="submitted_on",
            column_B="decision_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]


def _decision_dates_suite(model: str, label: str) -> Suite:
    return Suite(
        name=f"{model.removeprefix('stg_raw__')}_decision_dates_plausible",
        model=model,
        blocking=False,
        description=f"{label}: every decision date from {EARLIEST_DECISION} to today, and "
        "not after the submission it is reported in",
        query=f"""
            select
                rows.submission_id, rows.sheet_name, rows.row_number,
                submissions.unit_code, submissions.period_code, submissions.original_name,
                rows.decision_date::timestamp as decision_date,
                submissions.submitted_on::timestamp as submitted_on
            from staging.{model} as rows
            inner join core.fct_submissions as submissions using (submission_id)
            where rows.decision_date is not null and {in_batch("rows")}
        """,
        expectations=_decision_dates,
        identified_by=("original_name", "sheet_name", "row_number"),
    )


def _repeated(gxe: ModuleType) -> list:
    return [gxe.ExpectColumnValuesToBeUnique(column="rows_fingerprint")]


def _version_size(gxe: ModuleType) -> list:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="rows_ratio", min_value=VERSION_RATIO[0], max_value=VERSION_RATIO[1]
        )
    ]


def _claims_match(gxe: ModuleType) -> list:
    return [gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["match"])]


PLAUSIBILITY = (
    Suite(
        name="recognitions_within_proposals",
        model="fct_recognitions",
        blocking=False,
        description="In each submission, at each level where it reports both, no more models "
        "recognised than proposed",
        query=f"""
            select
                submission_id, unit_code, period_code, recognition_level,
                count(*) filter (where outcome = 'de_nghi') as proposed,
                count(*) filter (where outcome = 'cong_nhan') as recognized
            from core.fct_recognitions
            where {in_batch()}
            group by all
            having proposed > 0 and recognized > 0
        """,
        expectations=_recognitions_within_proposals,
        identified_by=("unit_code", "period_code", "recognition_level"),
    ),
    _decision_dates_suite("stg_raw__recognitions", "Recognitions"),
    _decision_dates_suite("stg_raw__awards", "Awards"),
    Suite(
        name="submissions_not_repeated",
        model="fct_submissions",
        blocking=False,
        description="No two submissions in force carry the same rows: a unit's file sent again "
        "for another period or under another unit's code would count twice",
        # Every in-force submission whose rows match one of the batch's: the comparison needs
        # the history, but only one fingerprint per submission of it, which dbt keeps
        # (int_submission_fingerprints, incremental by unit).
        query=f"""
            with fingerprints as (
                select submission_id, rows_fingerprint
                from intermediate.int_submission_fingerprints
            )
            select
                fingerprints.submission_id, submissions.unit_code, submissions.period_code,
                submissions.original_name, fingerprints.rows_fingerprint
            from fingerprints
            inner join core.fct_submissions as submissions using (submission_id)
            where fingerprints.rows_fingerprint in (
                select rows_fingerprint from fingerprints where {in_batch()}
            )
        """,
        expectations=_repeated,
        identified_by=("unit_code", "period_code", "original_name"),
    ),
    Suite(
        name="claimed_totals_match",
        model="mart_reconciliation",
        blocking=False,
        description="Every total a submission in force claims in `Tổng hợp` equals the count "
        "of its own rows (mismatches: mart_reconciliation)",
        query=f"""
            select unit_code, period_code, original_name, indicator,
                coalesce(breakdown, '') as breakdown, claimed, computed, difference, status
            from marts.mart_reconciliation
            where is_in_force and {in_batch()}
        """,
        expectations=_claims_match,
        identified_by=("unit_code", "period_code", "indicator", "breakdown", "difference"),
        state="""
            select count(*) from marts.mart_reconciliation
            where is_in_force and status = 'mismatch'
        """,
    ),
)


def _outliers_followed_up(gxe: ModuleType) -> list:
    return [
        gxe.ExpectColumnValuesToBeInSet(column="follow_up", value_set=["confirmed", "explained"])
    ]


OUTLIERS = Suite(
    name="figures_in_line_with_history",
    model="mart_outliers",
    blocking=False,
    description="No figure of the run's units and periods stands out from the unit's earlier "
    "periods without an auditor's decision (mart_outliers; `dvk followup`)",
    query=f"""
        select unit_code, period_code, measure, value, baseline_median, rule, follow_up
        from marts.mart_outliers
        where (unit_code, period_code) in (
            select unit_code, period_code from core.fct_submissions where {in_batch()}
        )
    """,
    expectations=_outliers_followed_up,
    identified_by=("unit_code", "period_code", "measure"),
    state="""
        select count(*) from marts.mart_outliers
        where coalesce(follow_up, '') not in ('confirmed', 'explained')
    """,
)

VERSIONS = Suite(
    name="new_versions_of_plausible_size",
    model="fct_submissions",
    blocking=False,
    description=f"A new version of a unit × period's submission holds from {VERSION_RATIO[0]}× "
    f"to {VERSION_RATIO[1]}× the rows of the version it supersedes (what changed: "
    "mart_submission_changes)",
    # The sizes of the batch's new versions and of the versions they follow only.
    query=f"""
        with versions as (
            select * from (
                select
                    submission_id, unit_code, period_code, original_name,
                    lag(submission_id) over (
                        partition by unit_code, period_code order by arrival_seq
                    ) as previous_id
                from core.fct_submissions
                where outcome = 'accepted'
            ) as ordered
            where {in_batch()}
        ),
        compared as (
            select submission_id from versions union select previous_id from versions
        ),
        sizes as (
            select submission_id, count(*) as row_count
            from (
                select submission_id from staging.stg_raw__registrations
                union all select submission_id from staging.stg_raw__recognitions
                union all select submission_id from staging.stg_raw__awards
            ) as all_rows
            where submission_id in (select submission_id from compared)
            group by submission_id
        )
        select
            versions.unit_code, versions.period_code, versions.original_name,
            coalesce(now.row_count, 0) / greatest(coalesce(before.row_count, 0), 1) as rows_ratio
        from versions
        left join sizes as now on versions.submission_id = now.submission_id
        left join sizes as before on versions.previous_id = before.submission_id
        where versions.previous_id is not null
    """,
    expectations=_version_size,
    identified_by=("unit_code", "period_code", "original_name"),
)

SUITES: tuple[Suite, ...] = (*PLAUSIBILITY, VERSIONS, *OUTCOMES_AND_INSPECTIONS, OUTLIERS)
