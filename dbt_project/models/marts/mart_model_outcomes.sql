-- One row per period × unit × model × indicator (contract v3): what a model achieved, its whole
-- and the share, from mart_outcome_rows: the mart and the rows `dvk explain` lists are one
-- definition.
-- depends_on: {{ ref('int_changed_units') }}
with

outcome_rows as (
    select * from {{ ref('mart_outcome_rows') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        model_key,
        model_code,
        model_name,
        field,
        indicator,
        unit_of_measure,
        value,
        out_of,
        share  -- noqa: RF04
    from outcome_rows
)

select * from final
