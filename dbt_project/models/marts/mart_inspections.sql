-- One row per period × unit × kind (contract v3): inspections (`kiem_tra`) or supervisions
-- (`giam_sat`) of mass-mobilisation work held, and the organisations they covered.
-- depends_on: {{ ref('int_changed_units') }}
with

inspections as (
    select * from {{ ref('fct_inspections') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select
        inspections.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        inspections.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        inspections.kind,
        cast(sum(inspections.sessions) as bigint) as sessions,
        cast(sum(inspections.organisations) as bigint) as organisations
    from inspections
    inner join unit_periods
        on
            inspections.unit_code = unit_periods.unit_code
            and inspections.period_code = unit_periods.period_code
    group by all
)

select * from final
