with

source as (
    select * from {{ source('raw', 'claimed_totals') }}
),

final as (
    select
        submission_id,
        sheet_name,
        row_number,
        indicator,
        breakdown,
        value
    from source
    where not {{ is_withheld() }}
)

select * from final
