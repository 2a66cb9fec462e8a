-- Each unit's four figures per period with a file in force (registrations, new registrations,
-- recognitions, awards), the history mart_outliers compares against. Rows by unit: a build
-- recomputes the changed units (macros/changed_units.sql).
-- depends_on: {{ ref('int_changed_units') }}
with

submissions as (
    select * from {{ ref('fct_submissions') }}
    where is_in_force and {{ when_incremental(in_changed_units('unit_code')) }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

registrations as (
    select
        unit_code,
        period_code,
        count(*) as registrations,
        count(*) filter (where status = 'moi') as new_registrations
    from {{ ref('fct_registrations') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
    group by unit_code, period_code
),

recognitions as (
    select
        unit_code,
        period_code,
        count(*) filter (where outcome = 'cong_nhan') as recognized
    from {{ ref('fct_recognitions') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
    group by unit_code, period_code
),

awards as (
    select
        unit_code,
        period_code,
        count(*) as awards
    from {{ ref('fct_awards') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
    group by unit_code, period_code
),

submitted as (
    select distinct
        unit_code,
        period_code
    from submissions
),

counted as (
    select
        unit_periods.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        unit_periods.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        coalesce(registrations.registrations, 0) as registrations,
        coalesce(registrations.new_registrations, 0) as new_registrations,
        coalesce(recognitions.recognized, 0) as recognized,
        coalesce(awards.awards, 0) as awards
    from submitted
    inner join unit_periods
        on
            submitted.unit_code = unit_periods.unit_code
            and submitted.period_code = unit_periods.period_code
    left join registrations
        on
            submitted.unit_code = registrations.unit_code
            and submitted.period_code = registrations.period_code
    left join recognitions
        on
            submitted.unit_code = recognitions.unit_code
            and submitted.period_code = recognitions.period_code
    left join awards
        on
            submitted.unit_code = awards.unit_code
            and submitted.period_code = awards.period_code
),

unpivoted as (
    unpivot counted
    on registrations, new_registrations, recognized, awards
    into name measure_column value figure
),

figures as (
    select
        * exclude (measure_column),
        case
            when measure_column = 'new_registrations' then 'new' else measure_column
        end as measure
    from unpivoted
),

final as (
    select
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        period_code,
        period_type,
        period_start,
        measure,
        figure
    from figures
)

select * from final
