-- One row per district or commune of the legacy (63-province) or the 2025 (34-province) tree.
with

admin_units as (
    select * from {{ ref('stg_raw__admin_units') }}
),

final as (
    select
        admin_tree,
        admin_level,
        admin_code,
        admin_name,
        province_code,
        district_code
    from admin_units
)

select * from final
