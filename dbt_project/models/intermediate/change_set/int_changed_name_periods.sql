-- The period × normalised model name of every registration, in any version, of the units
-- int_changed_units names: the groups of mart_duplicate_models this build recomputes. A table,
-- so that the mart joins a few hundred rows instead of planning the subquery against every
-- registration.
{{ config(materialized='table') }}

with

registrations as (
    select * from {{ ref('stg_raw__registrations') }}
),

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

final as (
    select distinct
        submissions.period_code,
        registrations.model_name_key
    from registrations
    inner join submissions
        on registrations.submission_id = submissions.submission_id
    where {{ in_changed_units('submissions.unit_code') }}
)

select * from final
