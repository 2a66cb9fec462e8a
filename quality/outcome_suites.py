"""The plausibility of contract v3's figures: outcomes of models the warehouse knows, and
inspections that cover at least one organisation each. They warn, as every suite does."""

from __future__ import annotations

from types import ModuleType

from quality.suite import Suite, in_batch


def _inspections_cover(gxe: ModuleType) -> list:
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="organisations", column_B="sessions", or_equal=True
        )
    ]


def _models_known(gxe: ModuleType) -> list:
    return [gxe.ExpectColumnValuesToBeInSet(column="model_known", value_set=[True])]


OUTCOMES_AND_INSPECTIONS = (
    Suite(
        name="inspections_cover_organisations",
        model="fct_inspections",
        blocking=False,
        description="Each inspection or supervision line covers at least as many "
        "organisations as sessions held (seed 004: 1,554 inspections of 2,612): fewer is "
        "likely the two columns swapped",
        query=f"""
            select
                rows.unit_code, rows.period_code, submissions.original_name,
                rows.sheet_name, rows.row_number, rows.kind, rows.sessions, rows.organisations
            from core.fct_inspections as rows
            inner join core.fct_submissions as submissions using (submission_id)
            where {in_batch("rows")}
        """,
        expectations=_inspections_cover,
        identified_by=("original_name", "sheet_name", "row_number"),
        state="""
            select count(*) from core.fct_inspections where organisations < sessions
        """,
    ),
    Suite(
        name="outcomes_of_registered_models",
        model="fct_outcomes",
        blocking=False,
        description="Every outcome names a model some unit registered: an outcome of an "
        "unknown model is published as written, without the model's field",
        query=f"""
            select
                rows.unit_code, rows.period_code, submissions.original_name,
                rows.sheet_name, rows.row_number, rows.model_code,
                rows.model_key in (select model_key from core.dim_models) as model_known
            from core.fct_outcomes as rows
            inner join core.fct_submissions as submissions using (submission_id)
            where {in_batch("rows")}
        """,
        expectations=_models_known,
        identified_by=("original_name", "sheet_name", "row_number", "model_code"),
        state="""
            select count(*) from core.fct_outcomes
            where model_key not in (select model_key from core.dim_models)
        """,
    ),
)
