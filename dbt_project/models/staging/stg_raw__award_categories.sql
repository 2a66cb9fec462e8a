with

source as (
    select * from {{ source('raw', 'award_categories') }}
),

final as (
    select
        cast(sort_order as integer) as sort_order,
        category_code,
        name_vi,
        name_en,
        award_level,
        granted_by,
        legal_basis,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to
    from source
)

select * from final
