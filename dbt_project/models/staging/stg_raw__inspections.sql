with

source as (
    select * from {{ source('raw', 'inspections') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        kind,
        sessions,
        organisations,
        topic
    from source
    where not {{ is_withheld() }}
)

select * from final
