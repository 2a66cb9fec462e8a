with

source as (
    select * from {{ source('raw', 'approvals') }}
),

final as (
    select
        event_seq,
        action,
        province_code,
        period_code,
        decided_by,
        decided_at,
        note
    from source
)

select * from final
