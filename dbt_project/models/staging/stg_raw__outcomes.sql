with

source as (
    select * from {{ source('raw', 'outcomes') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        model_code,
        model_name,
        model_name_key,
        indicator,
        value,
        unit_of_measure,
        out_of,
        note
    from source
    where not {{ is_withheld() }}
)

select * from final
