-- One row per coded value of the marts: fields, levels, statuses, outcomes, award forms,
-- indicators, period types, reconciliation statuses; Vietnamese and English labels. The award
-- catalogue's categories (reference data the data team edits) are the code set
-- `award_category`, in the catalogue's order.
with

codes as (
    select * from {{ ref('stg_raw__codes') }}
),

award_categories as (
    select * from {{ ref('stg_raw__award_categories') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        label_en,
        sort_order
    from codes
    union all
    select
        'award_category' as vocabulary,
        category_code as code,
        name_vi as label,  -- noqa: RF04
        name_en as label_en,
        sort_order
    from award_categories
)

select * from final
