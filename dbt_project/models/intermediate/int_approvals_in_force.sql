-- The approvals in force: each province × period whose last event is an approval, with the
-- periods it covers (a year covers its halves and quarters).
with

events as (
    select * from {{ ref('stg_raw__approvals') }}
),

periods as (
    select * from {{ ref('dim_periods') }}
),

latest as (
    select
        province_code,
        period_code,
        arg_max(action, event_seq) as last_action,
        arg_max(decided_at, event_seq) as decided_at
    from events
    group by province_code, period_code
),

final as (
    select
        latest.province_code,
        latest.period_code as approved_period,
        periods.period_code as covered_period,
        latest.decided_at as approved_at
    from latest
    inner join periods
        on
            latest.period_code = periods.period_code
            or (
                length(latest.period_code) = 4
                and latest.period_code = cast(periods.period_year as varchar)
            )
    where latest.last_action = 'approve'
)

select * from final
