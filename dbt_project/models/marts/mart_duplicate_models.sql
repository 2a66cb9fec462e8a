-- Models registered by more than one unit in the same period: one row per registration of a
-- model whose normalised name and place another unit also registered. The place is the
-- row's `location_code`, else the registering unit's district, else its province.
-- Counting rule (docs/audit.md): the marts count each unit's registration for that unit, as
-- reported; this list is for auditors to confirm or correct with the units. Incremental by
-- period × name: the groups in which a changed unit has or had a registration.
-- depends_on: {{ ref('int_changed_units') }}, {{ ref('int_changed_name_periods') }}
with

registrations as (
    select * from {{ ref('int_registrations_located') }}
    where {{ when_incremental(in_changed_name_periods()) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

placed as (
    select
        *,
        coalesce(location_code, unit_admin_code, province_code) as place_code
    from registrations
),

shared as (
    select
        period_code,
        model_name_key,
        place_code,
        count(distinct unit_code) as units_registering
    from placed
    group by all
    having count(distinct unit_code) > 1
),

final as (
    select
        placed.period_code,
        placed.period_type,
        placed.period_start,
        placed.period_end,
        placed.model_name_key,
        placed.place_code,
        cast(shared.units_registering as integer) as units_registering,
        placed.unit_code,
        placed.unit_name,
        placed.province_code,
        placed.province_name,
        placed.current_province_code,
        placed.current_province_name,
        placed.model_key,
        placed.model_code,
        placed.model_name,
        placed.field,
        placed.level,
        placed.status,
        placed.submission_id,
        submissions.original_name,
        placed.sheet_name,
        placed.row_number
    from placed
    inner join shared
        on
            placed.period_code = shared.period_code
            and placed.model_name_key = shared.model_name_key
            and placed.place_code = shared.place_code
    inner join submissions
        on placed.submission_id = submissions.submission_id
)

select * from final
