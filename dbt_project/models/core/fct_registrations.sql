-- One row per model registered in a period: the rows of the version in force of each
-- unit × period, with lineage to file, sheet and row. Incremental by unit: a build replaces
-- the rows of the units int_changed_units names (the pre-hook deletes them, the body inserts
-- them again). Unit and province attributes are joined in the marts.
-- depends_on: {{ ref('int_changed_units') }}
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force and {{ when_incremental(in_changed_units('unit_code')) }}
),

registrations as (
    select * from {{ ref('stg_raw__registrations') }}
),

final as (
    select
        submissions.submission_id,
        registrations.sheet_name,
        registrations.row_number,
        submissions.unit_code,
        submissions.period_code,
        submissions.arrival_seq,
        {{ model_key('submissions.unit_code', 'registrations.model_code',
                     'registrations.model_name_key') }} as model_key,
        registrations.model_code is null as is_identity_inferred,
        registrations.model_code,
        registrations.model_name,
        registrations.model_name_key,
        registrations.field,
        registrations.theme,
        registrations.owner_type,
        registrations.owner_name,
        registrations.level,
        registrations.location_code,
        registrations.status,
        registrations.replicated_from,
        case
            when registrations.replicated_from is null then null
            when contains(registrations.replicated_from, ':')
                then {{ model_key("split_part(registrations.replicated_from, ':', 1)",
                                  "trim(split_part(registrations.replicated_from, ':', 2))",
                                  'null') }}
            else {{ model_key('submissions.unit_code', 'trim(registrations.replicated_from)',
                              'null') }}
        end as replicated_from_key,
        registrations.started_on
    from registrations
    inner join submissions
        on registrations.submission_id = submissions.submission_id
)

select * from final
