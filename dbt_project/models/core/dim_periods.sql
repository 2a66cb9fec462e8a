-- One row per reporting period (year, half, quarter) with its dates and deadline.
with

periods as (
    select * from {{ ref('stg_raw__periods') }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        deadline,
        period_year
    from periods
)

select * from final
