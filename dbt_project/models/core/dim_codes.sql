-- One row per coded value of the marts: fields, levels, statuses, outcomes, award forms,
-- indicators, period types, reconciliation statuses; Vietnamese and English labels.
with

codes as (
    select * from {{ ref('stg_raw__codes') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        label_en,
        sort_order
    from codes
)

select * from final
