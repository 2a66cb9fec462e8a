with

source as (
    select * from {{ source('raw', 'codes') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        sort_order
    from source
)

select * from final
