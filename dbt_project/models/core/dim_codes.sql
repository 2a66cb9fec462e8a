-- One row per coded value: fields, levels, statuses, outcomes, award forms, indicators.
with

codes as (
    select * from {{ ref('stg_raw__codes') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        sort_order
    from codes
)

select * from final
