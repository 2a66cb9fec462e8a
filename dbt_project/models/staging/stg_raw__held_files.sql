with

source as (
    select * from {{ source('raw', 'held_files') }}
),

final as (
    select
        submission_id,
        original_name,
        unit_code,
        period_code,
        approved_province,
        approved_period,
        received_at
    from source
)

select * from final
