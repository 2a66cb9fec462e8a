-- One row per file processed: accepted and in force, accepted but superseded, or rejected.
with

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

ranked as (
    select * from {{ ref('int_submissions_ranked') }}
),

final as (
    select
        submissions.submission_id,
        submissions.original_name,
        submissions.file_format,
        submissions.received_at,
        submissions.arrival_seq,
        submissions.unit_code,
        submissions.period_code,
        submissions.submitted_on,
        submissions.version,
        submissions.outcome,
        case
            when not submissions.is_accepted then 'rejected'
            when ranked.is_in_force then 'in_force'
            else 'superseded'
        end as submission_status,
        coalesce(ranked.is_in_force, false) as is_in_force,
        submissions.error_count,
        submissions.warning_count
    from submissions
    left join ranked
        on submissions.submission_id = ranked.submission_id
)

select * from final
