with

source as (
    select * from {{ source('raw', 'periods') }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        deadline,
        period_year
    from source
)

select * from final
