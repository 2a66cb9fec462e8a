-- One row per code set × code: the labels of every coded column of the marts, so that a
-- dashboard shows words (Vietnamese or English) instead of codes. `code_set` is the column name.
with

codes as (
    select * from {{ ref('dim_codes') }}
),

final as (
    select
        vocabulary as code_set,
        code,
        label as label_vi,
        label_en,
        cast(sort_order as integer) as sort_order
    from codes
)

select * from final
