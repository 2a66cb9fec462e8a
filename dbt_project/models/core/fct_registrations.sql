-- One row per model registered in a period: the rows of the version in force of each
-- unit × period, with lineage to file, sheet and row.
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force
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
        -- A model is its unit's code for it, else its normalised name within the unit.
        md5(
            submissions.unit_code || '|' || coalesce(
                'code:' || lower(registrations.model_code),
                'name:' || registrations.model_name_key
            )
        ) as model_key,
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
        registrations.started_on
    from registrations
    inner join submissions
        on registrations.submission_id = submissions.submission_id
)

select * from final
