-- Accepted submissions ranked within their unit × period: rank 1 is the version in force.
-- A later version wins; without versions, the later submitted_on, then the later arrival.
with

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
    where is_accepted
),

ranked as (
    select
        submission_id,
        unit_code,
        period_code,
        submitted_on,
        version,
        arrival_seq,
        row_number() over (
            partition by unit_code, period_code
            order by coalesce(version, 0) desc, submitted_on desc, arrival_seq desc
        ) as version_rank
    from submissions
),

final as (
    select
        submission_id,
        unit_code,
        period_code,
        submitted_on,
        version,
        arrival_seq,
        version_rank,
        version_rank = 1 as is_in_force
    from ranked
)

select * from final
