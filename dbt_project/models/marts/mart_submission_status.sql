-- One row per period × unit: whether a submission was expected, received, accepted and on
-- time. Expected: the unit exists in the period, reports that type of period, and the period
-- has ended, from the first period its province reported on. On time is judged by the day the
-- version in force arrived (its upload through the portal, or when the inbox got it), in Viet
-- Nam's time (UTC+7), against the period's deadline; Ngày gửi stays as the unit declared it.
with

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

approvals as (
    select * from {{ ref('int_approvals_in_force') }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

province_start as (
    select
        unit_periods.province_code,
        min(unit_periods.period_start) as first_reported_start
    from submissions
    inner join unit_periods
        on
            submissions.unit_code = unit_periods.unit_code
            and submissions.period_code = unit_periods.period_code
    group by unit_periods.province_code
),

received as (
    select
        unit_code,
        period_code,
        count(*) filter (where outcome = 'rejected') as rejected_files,
        bool_or(outcome = 'accepted') as is_accepted,
        max(version) filter (where is_in_force) as latest_version,
        max(submission_id) filter (where is_in_force) as in_force_submission_id,
        max(submitted_on) filter (where is_in_force) as submitted_on,
        max(cast(received_at + interval 7 hour as date)) filter (where is_in_force) as arrived_on
    from submissions
    group by unit_code, period_code
),

approved as (
    -- Approved by its province (as reported, or today's) for the period or for its year.
    select
        unit_periods.unit_code,
        unit_periods.period_code,
        max(cast(approvals.approved_at as date)) as approved_on
    from unit_periods
    inner join approvals
        on
            unit_periods.period_code = approvals.covered_period
            and approvals.province_code in (
                unit_periods.province_code, unit_periods.current_province_code
            )
    group by unit_periods.unit_code, unit_periods.period_code
),

candidates as (
    select
        unit_periods.*,
        list_contains(string_split(unit_periods.reports, ';'), unit_periods.period_type)
        and unit_periods.period_end < current_date
        and unit_periods.period_start >= province_start.first_reported_start as is_expected
    from unit_periods
    inner join province_start
        on unit_periods.province_code = province_start.province_code
),

final as (
    select
        candidates.period_code,
        candidates.period_type,
        candidates.period_start,
        candidates.period_end,
        candidates.unit_code,
        candidates.unit_name,
        candidates.province_code,
        candidates.province_name,
        candidates.current_province_code,
        candidates.current_province_name,
        candidates.is_expected as expected,
        received.unit_code is not null as received,
        coalesce(received.is_accepted, false) as accepted,
        coalesce(received.arrived_on <= candidates.deadline, false) as on_time,
        cast(coalesce(received.rejected_files, 0) as integer) as rejected_files,
        received.latest_version,
        received.in_force_submission_id,
        received.submitted_on,
        received.arrived_on,
        candidates.deadline,
        -- The one definition of late and missing, for the audit report and the deadline job:
        -- late, accepted after the deadline; missing, nothing accepted once the deadline passed
        -- (no file, or rejected files only).
        candidates.is_expected
        and coalesce(received.is_accepted, false)
        and not coalesce(received.arrived_on <= candidates.deadline, false) as is_late,
        candidates.is_expected
        and not coalesce(received.is_accepted, false)
        and candidates.deadline < current_date as is_missing,
        -- Approved by its province (today's or the one it belonged to) for the period or its
        -- year: later files for it are held (mart_approvals).
        approved.approved_on is not null as is_approved,
        approved.approved_on,
        -- District committees until 30 June 2025, communes and wards after: the reform.
        candidates.unit_type
    from candidates
    left join received
        on
            candidates.unit_code = received.unit_code
            and candidates.period_code = received.period_code
    left join approved
        on
            candidates.unit_code = approved.unit_code
            and candidates.period_code = approved.period_code
    where candidates.is_expected or received.unit_code is not null
)

select * from final
