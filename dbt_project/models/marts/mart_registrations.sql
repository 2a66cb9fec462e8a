-- One row per period × unit × field × theme × level × status × owner_type.
with

registrations as (
    select * from {{ ref('fct_registrations') }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        field,
        theme,
        level,
        status,
        owner_type,
        cast(count(*) as integer) as registrations,
        cast(count(distinct model_key) as integer) as models
    from registrations
    group by all
)

select * from final
