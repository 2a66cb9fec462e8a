with

source as (
    select * from {{ source('raw', 'registrations') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        model_code,
        model_name,
        model_name_key,
        field,
        theme,
        owner_type,
        owner_name,
        level,
        location_code,
        status,
        replicated_from,
        started_on
    from source
    where not {{ is_withheld() }}
)

select * from final
