-- One row per period × unit × field × theme × level × status × owner_type.
with

registrations as (
    select * from {{ ref('fct_registrations') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
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
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        counted.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        counted.field,
        counted.theme,
        counted.level,
        counted.status,
        counted.owner_type,
        cast(counted.registrations as integer) as registrations,
        cast(counted.models as integer) as models
    from counted
    inner join unit_periods
        on
            counted.unit_code = unit_periods.unit_code
            and counted.period_code = unit_periods.period_code
)

select * from final
