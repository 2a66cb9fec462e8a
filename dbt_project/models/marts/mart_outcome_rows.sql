-- Lineage of mart_model_outcomes: one row per outcome it holds, with its file, sheet and row,
-- and the share of its whole (2,728 of 7,811 dossiers online: 0.349…). The model's code, name
-- and field come from its identity (dim_models) when the warehouse knows it, else as the row
-- names it.
-- depends_on: {{ ref('int_changed_units') }}
with

outcomes as (
    select * from {{ ref('fct_outcomes') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

models as (
    select * from {{ ref('dim_models') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

final as (
    select
        outcomes.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        outcomes.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        outcomes.model_key,
        coalesce(models.model_code, outcomes.model_code) as model_code,
        coalesce(models.model_name, outcomes.model_name) as model_name,
        models.field,
        outcomes.indicator,
        outcomes.unit_of_measure,
        outcomes.value,
        outcomes.out_of,
        -- `share` is the contract's name (contract §4), a keyword to sqlfluff only.
        case
            when outcomes.out_of > 0 then outcomes.value / outcomes.out_of
        end as share,  -- noqa: RF04
        outcomes.submission_id,
        submissions.original_name,
        outcomes.sheet_name,
        outcomes.row_number
    from outcomes
    inner join unit_periods
        on
            outcomes.unit_code = unit_periods.unit_code
            and outcomes.period_code = unit_periods.period_code
    inner join submissions
        on outcomes.submission_id = submissions.submission_id
    left join models
        on outcomes.model_key = models.model_key
)

select * from final
