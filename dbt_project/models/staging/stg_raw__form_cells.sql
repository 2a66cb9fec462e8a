with

source as (
    select * from {{ source('raw', 'form_cells') }}
),

final as (
    select
        form_code,
        form_title,
        circular,
        cast(form_valid_from as date) as form_valid_from,
        cast(form_valid_to as date) as form_valid_to,
        receiving_body,
        due,
        cast(row_order as integer) as row_order,
        row_code,
        row_group,
        row_label,
        row_unit_label,
        nullif(row_recipient_type, '') as row_recipient_type,
        is_held,
        string_split(nullif(row_sum_of, ''), ';') as row_sum_of,
        cast(column_order as integer) as column_order,
        column_code,
        column_label,
        nullif(column_recipient_type, '') as column_recipient_type,
        string_split(nullif(categories, ''), ';') as categories,
        string_split(nullif(column_sum_of, ''), ';') as column_sum_of
    from source
)

select * from final
