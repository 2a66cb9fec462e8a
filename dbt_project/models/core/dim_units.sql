-- One row per registry row of a reporting unit, with the province as reported and today's.
with

units as (
    select * from {{ ref('stg_raw__units') }}
),

provinces as (
    select * from {{ ref('stg_raw__admin_provinces') }}
),

current_provinces as (
    select * from provinces
    where province_tree = '2025'
),

final as (
    select
        units.unit_code,
        units.unit_name,
        units.unit_type,
        units.admin_code,
        units.valid_from,
        units.valid_to,
        units.reports,
        units.province_code,
        provinces.province_name,
        provinces.current_province_code,
        current_provinces.province_name as current_province_name
    from units
    left join provinces
        on
            units.province_code = provinces.province_code
            and units.province_tree = provinces.province_tree
    left join current_provinces
        on provinces.current_province_code = current_provinces.province_code
)

select * from final
