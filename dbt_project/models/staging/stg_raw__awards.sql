with

source as (
    select * from {{ source('raw', 'awards') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        recipient_type,
        recipient_name,
        award_form,
        awarding_authority,
        decision_no,
        decision_date,
        model_code,
        reason
    from source
    where not {{ is_withheld() }}
)

select * from final
