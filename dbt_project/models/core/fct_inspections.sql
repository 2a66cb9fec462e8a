-- One row per inspection or supervision line a unit reported for a period (contract v3), from
-- the versions in force; lineage to file, sheet and row. Incremental by unit.
-- depends_on: {{ ref('int_changed_units') }}
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force and {{ when_incremental(in_changed_units('unit_code')) }}
),

inspections as (
    select * from {{ ref('stg_raw__inspections') }}
),

final as (
    select
        inspections.submission_id,
        inspections.sheet_name,
        inspections.row_number,
        submissions.unit_code,
        submissions.period_code,
        inspections.kind,
        inspections.sessions,
        inspections.organisations
    from inspections
    inner join submissions
        on inspections.submission_id = submissions.submission_id
)

select * from final
