-- Lineage of mart_registrations: one row per registration it counts, with the file (content
-- hash and original name), sheet and row it came from. Filtering this mart on a cell's grain
-- columns returns exactly the rows that make up that cell. No owner names.
-- depends_on: {{ ref('int_changed_units') }}
with

registrations as (
    select * from {{ ref('int_registrations_located') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

final as (
    select
        registrations.period_code,
        registrations.period_type,
        registrations.period_start,
        registrations.period_end,
        registrations.unit_code,
        registrations.unit_name,
        registrations.province_code,
        registrations.province_name,
        registrations.current_province_code,
        registrations.current_province_name,
        registrations.field,
        registrations.theme,
        registrations.level,
        registrations.status,
        registrations.owner_type,
        registrations.model_key,
        registrations.model_code,
        registrations.model_name,
        registrations.submission_id,
        submissions.original_name,
        registrations.sheet_name,
        registrations.row_number
    from registrations
    inner join submissions
        on registrations.submission_id = submissions.submission_id
)

select * from final
