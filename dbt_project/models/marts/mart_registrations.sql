-- One row per period × unit × field × theme × level × status × owner_type.
with

registrations as (
    select * from {{ ref('fct_registrations') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

units as (
    select * from {{ ref('dim_units') }}
),

counted as (
    select
        period_code,
        unit_code,
        field,
        theme,
        level,
        status,
        owner_type,
        count(*) as registrations,
        count(distinct model_key) as models
    from registrations
    group by all
),

final as (
    select
        counted.period_code,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        counted.unit_code,
        units.unit_name,
        units.province_code,
        units.province_name,
        units.current_province_code,
        units.current_province_name,
        counted.field,
        counted.theme,
        counted.level,
        counted.status,
        counted.owner_type,
        cast(counted.registrations as integer) as registrations,
        cast(counted.models as integer) as models
    from counted
    inner join periods
        on counted.period_code = periods.period_code
    inner join units
        on
            counted.unit_code = units.unit_code
            and periods.period_end >= units.valid_from
            and (units.valid_to is null or periods.period_start <= units.valid_to)
)

select * from final
