with

source as (
    select * from {{ source('raw', 'award_patterns') }}
),

final as (
    select
        cast(priority as integer) as priority,
        award_form,
        authority,
        form_like,
        authority_like,
        category_code,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to
    from source
)

select * from final
