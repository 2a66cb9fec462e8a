"""The Great Expectations suites, declared as data: what each checks, on which frame, and
whether a failure blocks the publish.

Each suite validates one frame read from the warehouse after `dbt build`. Integrity suites
(keys, codes, counts, province mapping) block: a broken one means the marts would mislead.
Plausibility suites (recognised above proposed, odd dates, a submission repeated, claimed
totals) warn: the rows are what a unit reported, so they are published and shown to auditors
in Data Docs and the audit report, to be settled with the unit.

Row frames are limited to `batch`, the submissions this run checks (every one on a full
rebuild), so a new file costs the same whatever the history; marts are checked whole. No
frame carries a person's name: Great Expectations copies failing values into Data Docs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ingestion import vocabulary as v

BATCH = "batch"
"""Temporary table of the submission ids this run checks (column `submission_id`)."""

CODES = {
    "field": v.FIELD.codes,
    "level": v.RECOGNITION_LEVEL.codes,  # the contract's set for `level`
    "recognition_level": v.RECOGNITION_LEVEL.codes,
    "status": v.STATUS.codes,
    "owner_type": v.OWNER_TYPE.codes,
    "recipient_type": v.OWNER_TYPE.codes,
    "outcome": v.OUTCOME.codes,
    "award_form": v.AWARD_FORM.codes,
    "indicator": v.INDICATOR.codes,
    "period_type": ["year", "half", "quarter"],
}
EARLIEST_DECISION = dt.date(2010, 1, 1)
"""The movement's emulation decisions start after the 2010 campaign; earlier is a typing slip."""


@dataclass(frozen=True)
class Suite:
    name: str
    """The suite's name in Data Docs and its asset check's name in Dagster."""
    model: str
    """The dbt model whose asset shows the check."""
    blocking: bool
    description: str
    query: str
    expectations: Callable[[ModuleType], list]
    """Given `great_expectations.expectations`, the suite's expectations."""
    identified_by: tuple[str, ...] = ()
    """Columns that name a failing row in the results (never a person's name)."""


def _in_batch(alias: str = "") -> str:
    column = f"{alias}.submission_id" if alias else "submission_id"
    return f"{column} in (select submission_id from {BATCH})"


def _integrity(
    *,
    key: list[str],
    codes: list[str] = (),
    not_null: list[str] = (),
    counts: list[str] = (),
    nullable: list[str] = (),
) -> Callable[[ModuleType], list]:
    present = [column for column in [*key, *not_null] if column not in nullable]

    def build(gxe: ModuleType) -> list:
        unique = (
            gxe.ExpectCompoundColumnsToBeUnique(column_list=key)
            if len(key) > 1
            else gxe.ExpectColumnValuesToBeUnique(column=key[0])
        )
        return [
            unique,
            *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in present),
            *(gxe.ExpectColumnValuesToBeInSet(column=c, value_set=CODES[c]) for c in codes),
            *(gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in counts),
        ]

    return build


def _table(
    model: str,
    schema: str,
    *,
    key: list[str],
    codes: list[str] = (),
    not_null: list[str] = (),
    counts: list[str] = (),
    nullable: list[str] = (),
    scoped: bool = True,
) -> Suite:
    """`nullable`: key columns that may be empty (a model without a theme); `scoped`: read only
    the `batch`'s rows (staging and facts), else the whole table (marts)."""
    columns = list(dict.fromkeys([*key, *codes, *not_null, *counts]))
    where = f" where {_in_batch()}" if scoped else ""
    return Suite(
        name=f"{model}_integrity",
        model=model,
        blocking=True,
        description=f"{model}: key {', '.join(key)} unique"
        + (f"; codes in their sets ({', '.join(codes)})" if codes else "")
        + (f"; counts not negative ({', '.join(counts)})" if counts else "")
        + (f"; {', '.join(not_null)} present" if not_null else ""),
        query=f"select {', '.join(columns)} from {schema}.{model}{where}",
        expectations=_integrity(
            key=key, codes=codes, not_null=not_null, counts=counts, nullable=nullable
        ),
    )


ROW_KEY = ["submission_id", "row_number"]
PROVINCES = ["province_code", "current_province_code"]
PERIOD = ["period_code", "period_type", "period_start", "period_end"]

STAGING = (
    _table(
        "stg_raw__submissions",
        "staging",
        key=["submission_id"],
        not_null=["outcome"],
        counts=["error_count", "warning_count"],
    ),
    _table(
        "stg_raw__registrations",
        "staging",
        key=ROW_KEY,
        codes=["field", "level", "status", "owner_type"],
        not_null=["model_name_key"],
    ),
    _table(
        "stg_raw__recognitions",
        "staging",
        key=ROW_KEY,
        codes=["recognition_level", "outcome", "owner_type"],
    ),
    _table("stg_raw__awards", "staging", key=ROW_KEY, codes=["recipient_type", "award_form"]),
    _table(
        "stg_raw__claimed_totals", "staging", key=ROW_KEY, codes=["indicator"], counts=["value"]
    ),
)

FACTS = (
    _table(
        "fct_submissions",
        "core",
        key=["submission_id"],
        not_null=["original_name", "submission_status"],
    ),
    _table(
        "fct_registrations",
        "core",
        key=ROW_KEY,
        codes=["field", "level", "status", "owner_type"],
        not_null=["model_key", "unit_code", "period_code"],
    ),
    _table(
        "fct_recognitions",
        "core",
        key=ROW_KEY,
        codes=["recognition_level", "outcome", "owner_type"],
        not_null=["model_key", "unit_code", "period_code", *PROVINCES],
    ),
    _table(
        "fct_awards",
        "core",
        key=ROW_KEY,
        codes=["recipient_type", "award_form"],
        not_null=["unit_code", "period_code"],
    ),
)

MARTS = (
    _table(
        "mart_registrations",
        "marts",
        key=["period_code", "unit_code", "field", "theme", "level", "status", "owner_type"],
        codes=["period_type", "field", "level", "status", "owner_type"],
        not_null=[*PERIOD, *PROVINCES],
        counts=["registrations", "models"],
        nullable=["field", "theme", "level", "owner_type"],
        scoped=False,
    ),
    _table(
        "mart_phase_models",
        "marts",
        key=["phase_code", "province_code", "field", "level"],
        codes=["field", "level"],
        not_null=PROVINCES,
        counts=["models"],
        nullable=["field", "level"],
        scoped=False,
    ),
    _table(
        "mart_recognitions",
        "marts",
        key=["period_code", "unit_code", "recognition_level", "owner_type", "field", "theme"],
        codes=["period_type", "recognition_level", "owner_type", "field"],
        not_null=[*PERIOD, *PROVINCES],
        counts=["proposed", "recognized", "not_recognized"],
        nullable=["recognition_level", "owner_type", "field", "theme"],
        scoped=False,
    ),
    _table(
        "mart_models",
        "marts",
        key=["model_key"],
        codes=["field", "level"],
        not_null=PROVINCES,
        counts=["replications"],
        scoped=False,
    ),
    _table(
        "mart_awards",
        "marts",
        key=["period_code", "province_code", "awarding_authority", "award_form", "recipient_type"],
        codes=["period_type", "award_form", "recipient_type"],
        not_null=[*PERIOD, *PROVINCES],
        counts=["awards"],
        nullable=["awarding_authority", "award_form", "recipient_type"],
        scoped=False,
    ),
    _table(
        "mart_submission_status",
        "marts",
        key=["period_code", "unit_code"],
        codes=["period_type"],
        not_null=[*PERIOD, *PROVINCES, "expected", "received"],
        counts=["rejected_files"],
        scoped=False,
    ),
    _table(
        "mart_reconciliation",
        "marts",
        key=["submission_id", "indicator", "breakdown"],
        codes=["indicator"],
        not_null=[*PERIOD, *PROVINCES, "claimed", "computed"],
        counts=["claimed", "computed"],
        nullable=["breakdown"],
        scoped=False,
    ),
)


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
            where rows.decision_date is not null and {_in_batch("rows")}
        """,
        expectations=_decision_dates,
        identified_by=("original_name", "sheet_name", "row_number"),
    )


def _repeated(gxe: ModuleType) -> list:
    return [gxe.ExpectColumnValuesToBeUnique(column="rows_fingerprint")]


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
            where {_in_batch()}
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
        # the history, but only one fingerprint per submission of it.
        query=f"""
            with fingerprints as (
                select submission_id, md5(string_agg(
                    concat_ws('|', model_name_key, field, level, status, owner_type),
                    '\n' order by model_name_key, level, status, owner_type
                )) as rows_fingerprint
                from core.fct_registrations
                group by submission_id
            )
            select
                fingerprints.submission_id, submissions.unit_code, submissions.period_code,
                submissions.original_name, fingerprints.rows_fingerprint
            from fingerprints
            inner join core.fct_submissions as submissions using (submission_id)
            where fingerprints.rows_fingerprint in (
                select rows_fingerprint from fingerprints where {_in_batch()}
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
        query="""
            select unit_code, period_code, original_name, indicator,
                coalesce(breakdown, '') as breakdown, claimed, computed, difference, status
            from marts.mart_reconciliation
            where is_in_force
        """,
        expectations=_claims_match,
        identified_by=("unit_code", "period_code", "indicator", "breakdown", "difference"),
    ),
)

SUITES: tuple[Suite, ...] = (*STAGING, *FACTS, *MARTS, *PLAUSIBILITY)
