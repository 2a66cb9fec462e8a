-- Lineage of mart_inspections: one row per inspection or supervision line it sums, with its
-- file, sheet and row.
-- depends_on: {{ ref('int_changed_units') }}
with

inspections as (
    select * from {{ ref('fct_inspections') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
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
        inspections.sessions,
        inspections.organisations,
        inspections.submission_id,
        submissions.original_name,
        inspections.sheet_name,
        inspections.row_number
    from inspections
    inner join unit_periods
        on
            inspections.unit_code = unit_periods.unit_code
            and inspections.period_code = unit_periods.period_code
    inner join submissions
        on inspections.submission_id = submissions.submission_id
)

select * from final
