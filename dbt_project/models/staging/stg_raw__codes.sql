with

source as (
    select * from {{ source('raw', 'codes') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        label_en,
        sort_order
    from source
)

select * from final
