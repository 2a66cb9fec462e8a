-- The approvals in force: each province × period whose last event is an approval, with the
-- periods it covers (a year covers its halves and quarters).
with

states as (
    select * from {{ ref('int_approval_states') }}
    where last_action = 'approve'
),

periods as (
    select * from {{ ref('dim_periods') }}
),

final as (
    select
        states.province_code,
        states.period_code as approved_period,
        periods.period_code as covered_period,
        states.approved_at
    from states
    inner join periods
        on
            states.period_code = periods.period_code
            or (
                length(states.period_code) = 4
                and states.period_code = cast(periods.period_year as varchar)
            )
)

select * from final
