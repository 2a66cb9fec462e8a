with

source as (
    select * from {{ source('raw', 'admin_units') }}
),

final as (
    select
        tree as admin_tree,
        level as admin_level,
        code as admin_code,
        name as admin_name,
        province_code,
        district_code
    from source
)

select * from final
