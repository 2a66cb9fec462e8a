with

source as (
    select * from {{ source('raw', 'followups') }}
),

final as (
    select
        event_seq,
        upper(unit_code) as unit_key,
        period_code,
        measure,
        decision,
        explanation,
        decided_by,
        decided_at
    from source
)

select * from final
