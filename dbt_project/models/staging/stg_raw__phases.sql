with

source as (
    select * from {{ source('raw', 'phases') }}
),

final as (
    select
        phase_code,
        phase_start,
        phase_end,
        first_year,
        last_year
    from source
)

select * from final
