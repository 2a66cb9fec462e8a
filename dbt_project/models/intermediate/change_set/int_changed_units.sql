-- The units whose rows this build recomputes in every incremental model: each unit with a file
-- since the last complete build (core.dvk_build_state), the units those files' rows name (the
-- owner of a recognised model, the origin of a replication, in any version of the touched
-- unit × periods), and the units whose rows name one of those. Every unit after a change to the
-- reference tables or to the models' code, on a full refresh, or when there is no state yet
-- (`is_full`).
{{ config(materialized='table') }}

with

state as (
    select * from {{ build_state_relation() }}
),

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

registrations as (
    select * from {{ ref('stg_raw__registrations') }}
),

recognitions as (
    select * from {{ ref('stg_raw__recognitions') }}
),

build as (
    select
        {{ 'true' if flags.FULL_REFRESH else 'false' }}
        or count(*) = 0
        or bool_or(
            reference_fingerprint is distinct from {{ reference_fingerprint() }}
            or models_version is distinct from {{ models_version() }}
        ) as is_full,
        coalesce(max(built_through_seq), -1) as built_through_seq
    from state
),

touched_cells as (
    select distinct
        unit_code,
        period_code
    from submissions
    where arrival_seq > (select build.built_through_seq from build)
),

touched_submissions as (
    select
        submissions.submission_id,
        submissions.unit_code
    from submissions
    inner join touched_cells
        on
            submissions.unit_code = touched_cells.unit_code
            and submissions.period_code = touched_cells.period_code
),

named_units as (
    select upper(unit_code) as unit_key from touched_cells
    union
    select upper(coalesce(recognitions.owner_unit_code, touched_submissions.unit_code))
    from recognitions
    inner join touched_submissions
        on recognitions.submission_id = touched_submissions.submission_id
    union
    select upper(split_part(registrations.replicated_from, ':', 1))
    from registrations
    inner join touched_submissions
        on registrations.submission_id = touched_submissions.submission_id
    where contains(registrations.replicated_from, ':')
),

naming_units as (
    select upper(submissions.unit_code) as unit_key
    from recognitions
    inner join submissions
        on recognitions.submission_id = submissions.submission_id
    where upper(recognitions.owner_unit_code) in (select named_units.unit_key from named_units)
    union
    select upper(submissions.unit_code)
    from registrations
    inner join submissions
        on registrations.submission_id = submissions.submission_id
    where
        contains(registrations.replicated_from, ':')
        and upper(split_part(registrations.replicated_from, ':', 1))
        in (select named_units.unit_key from named_units)
),

changed as (
    select distinct upper(unit_code) as unit_key
    from submissions
    where (select build.is_full from build)
    union
    select unit_key from named_units
    where not (select build.is_full from build)
    union
    select unit_key from naming_units
    where not (select build.is_full from build)
),

final as (
    select
        unit_key,
        (select build.is_full from build) as is_full
    from changed
    where unit_key is not null
)

select * from final
