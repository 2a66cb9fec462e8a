-- One row per reporting unit × period in which the unit exists, with the province as the
-- unit reported it then and today's province. Where two registry rows of a unit overlap a
-- period (a change during the year), the row valid at the period's end wins. A table: eleven
-- models read it, and as a view each computed its window over every unit × period again
-- (0.3 s each at national size). It follows the reference tables only: a kept table
-- (macros/change_set/kept_table.sql), rebuilt when this build recomputes every unit (their
-- fingerprint changed, the models' code changed, a full refresh) and kept as it is otherwise
-- (0.6 s at national size).
-- depends_on: {{ ref('int_changed_units') }}
{{ config(materialized='kept_table') }}

with

units as (
    select * from {{ ref('dim_units') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

overlapping as (
    select
        units.unit_code,
        units.unit_name,
        units.unit_type,
        units.admin_code,
        units.reports,
        units.province_code,
        units.province_name,
        units.current_province_code,
        units.current_province_name,
        periods.period_code,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.period_year,
        periods.deadline,
        row_number() over (
            partition by units.unit_code, periods.period_code
            order by units.valid_from desc
        ) as validity_rank
    from units
    inner join periods
        on
            units.valid_from <= periods.period_end
            and (units.valid_to is null or units.valid_to >= periods.period_start)
),

final as (
    select
        unit_code,
        unit_name,
        unit_type,
        admin_code,
        reports,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        period_code,
        period_type,
        period_start,
        period_end,
        period_year,
        deadline
    from overlapping
    where validity_rank = 1
)

select * from final
