-- One row per province × period ever approved: its state now, its latest approval, how often it
-- was reopened, and the files its approval holds.
with

held as (
    select * from {{ ref('stg_raw__held_files') }}
),

provinces as (
    select * from {{ ref('stg_raw__admin_provinces') }}
),

province_names as (
    -- A code of both trees (37: Ninh Bình before and after 2025) reads today's name.
    select
        province_code,
        arg_max(province_name, province_tree = '2025') as province_name
    from provinces
    group by province_code
),

states as (
    select * from {{ ref('int_approval_states') }}
),

held_counts as (
    select
        approved_province,
        approved_period,
        cast(count(*) as integer) as held_files
    from held
    group by approved_province, approved_period
),

final as (
    select
        states.province_code,
        province_names.province_name,
        states.period_code,
        case when states.last_action = 'approve' then 'approved' else 'reopened' end as state,
        states.last_action = 'approve' as is_approved,
        cast(states.approved_at as date) as approved_on,
        states.approved_by,
        states.approval_note,
        states.reopen_count,
        states.last_reopen_reason,
        states.changed_at,
        coalesce(held_counts.held_files, 0) as held_files
    from states
    left join province_names on states.province_code = province_names.province_code
    left join held_counts
        on
            states.province_code = held_counts.approved_province
            and states.period_code = held_counts.approved_period
)

select * from final
