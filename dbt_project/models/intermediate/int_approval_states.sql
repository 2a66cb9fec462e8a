-- One row per province × period ever approved: its last action (approve or reopen), its latest
-- approval (when, by whom, why), how often it was reopened and why last. Read by the approvals
-- in force and by mart_approvals.
with

events as (
    select * from {{ ref('stg_raw__approvals') }}
),

final as (
    select
        province_code,
        period_code,
        arg_max(action, event_seq) as last_action,
        max(decided_at) filter (where action = 'approve') as approved_at,
        arg_max(decided_by, event_seq) filter (where action = 'approve') as approved_by,
        arg_max(note, event_seq) filter (where action = 'approve') as approval_note,
        cast(count(*) filter (where action = 'reopen') as integer) as reopen_count,
        arg_max(note, event_seq) filter (where action = 'reopen') as last_reopen_reason,
        max(decided_at) as changed_at
    from events
    group by province_code, period_code
)

select * from final
