with

source as (
    select * from {{ source('raw', 'admin_provinces') }}
),

final as (
    select
        tree as province_tree,
        province_code,
        province_name,
        current_province_code
    from source
)

select * from final
