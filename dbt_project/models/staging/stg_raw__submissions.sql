with

source as (
    select * from {{ source('raw', 'submissions') }}
),

final as (
    select
        submission_id,
        original_name,
        file_format,
        received_at,
        arrival_seq,
        outcome,
        unit_code,
        period_code,
        submitted_on,
        version,
        error_count,
        warning_count,
        outcome = 'accepted' as is_accepted
    from source
)

select * from final
