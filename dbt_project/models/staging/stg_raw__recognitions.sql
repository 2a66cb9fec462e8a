with

source as (
    select * from {{ source('raw', 'recognitions') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        owner_unit_code,
        model_code,
        model_name,
        recognition_level,
        outcome,
        owner_type,
        recognizing_body,
        decision_no,
        decision_date,
        model_name_key
    from source
    where not {{ is_withheld() }}
)

select * from final
