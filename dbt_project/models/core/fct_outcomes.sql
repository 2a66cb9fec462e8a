-- One row per outcome a unit reported for a model in a period (contract v3), from the versions
-- in force; lineage to file, sheet and row. The model is named by code (`UNIT:CODE` for
-- another unit's) or by name, matched to the unit's registered models as recognitions are
-- (int_recognitions_named), and keyed as its registrations are (macros/model_key.sql).
-- Incremental by unit, like fct_registrations.
-- depends_on: {{ ref('int_changed_units') }}
-- depends_on: {{ ref('fct_registrations') }}
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force and {{ when_incremental(in_changed_units('unit_code')) }}
),

outcomes as (
    select
        *,
        case when contains(model_code, ':') then split_part(model_code, ':', 1) end as owner_unit,
        case
            when contains(model_code, ':') then split_part(model_code, ':', 2) else model_code
        end as owned_code
    from {{ ref('stg_raw__outcomes') }}
),

registered_names as (
    {{ registered_model_names() }}
),

final as (
    select
        outcomes.submission_id,
        outcomes.sheet_name,
        outcomes.row_number,
        submissions.unit_code,
        submissions.period_code,
        case
            when outcomes.owned_code is not null
                then {{ model_key(
                    'coalesce(outcomes.owner_unit, submissions.unit_code)',
                    'outcomes.owned_code',
                    'null'
                ) }}
            else coalesce(
                registered_names.model_key,
                {{ model_key('submissions.unit_code', 'null', 'outcomes.model_name_key') }}
            )
        end as model_key,
        outcomes.model_code,
        outcomes.model_name,
        outcomes.indicator,
        outcomes.value,
        outcomes.unit_of_measure,
        outcomes.out_of
    from outcomes
    inner join submissions
        on outcomes.submission_id = submissions.submission_id
    left join registered_names
        on
            upper(submissions.unit_code) = registered_names.unit_key
            and outcomes.model_name_key = registered_names.model_name_key
            and outcomes.owned_code is null
)

select * from final
