with

source as (
    select * from {{ source('raw', 'submissions') }}
),

final as (
    select
        submission_id,
        -- published without the phone numbers, e-mails and preparer's name a file name carried
        {{ public_file_name('original_name', 'prepared_by') }} as original_name,
        file_format,
        received_at,
        arrival_seq,
        case when {{ is_withheld() }} then 'rejected' else outcome end as outcome,
        unit_code,
        period_code,
        submitted_on,
        version,
        error_count,
        warning_count,
        outcome = 'accepted' and not {{ is_withheld() }} as is_accepted
    from source
)

select * from final
