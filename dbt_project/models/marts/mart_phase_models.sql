-- One row per phase × province × field × level: distinct models registered in any year
-- period of the phase. A model counts once, under its field and level as last registered
-- within the phase, and under the province of that registration. Incremental by province: the
-- models of every unit that reported in a changed province, counted where they fall.
-- depends_on: {{ ref('int_changed_provinces') }}, {{ ref('int_unit_periods') }}
with

registrations as (
    select * from {{ ref('int_registrations_located') }}
    where
        period_type = 'year'
        and {{ when_incremental(in_changed_province_units('unit_code')) }}
),

phases as (
    select * from {{ ref('dim_phases') }}
),

latest_in_phase as (
    select
        phases.phase_code,
        phases.phase_start,
        phases.phase_end,
        registrations.model_key,
        arg_max(registrations.field, registrations.period_end) as field,
        arg_max(registrations.level, registrations.period_end) as level,
        arg_max(registrations.province_code, registrations.period_end) as province_code,
        arg_max(registrations.province_name, registrations.period_end) as province_name,
        arg_max(registrations.current_province_code, registrations.period_end)
            as current_province_code,
        arg_max(registrations.current_province_name, registrations.period_end)
            as current_province_name
    from registrations
    inner join phases
        on registrations.period_year between phases.first_year and phases.last_year
    group by phases.phase_code, phases.phase_start, phases.phase_end, registrations.model_key
),

final as (
    select
        phase_code,
        phase_start,
        phase_end,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        field,
        level,
        cast(count(*) as integer) as models
    from latest_in_phase
    where {{ when_incremental(in_changed_provinces('province_code')) }}
    group by all
)

select * from final
