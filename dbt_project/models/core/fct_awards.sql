-- One row per award reported in a period, from the versions in force. A recognition or award
-- belongs to the period of the submission that reports it.
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force
),

awards as (
    select * from {{ ref('stg_raw__awards') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select
        awards.submission_id,
        awards.sheet_name,
        awards.row_number,
        submissions.unit_code,
        submissions.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        awards.recipient_type,
        awards.recipient_name,
        awards.award_form,
        awards.awarding_authority,
        awards.decision_no,
        awards.decision_date,
        case
            when awards.model_code is not null
                then {{ model_key('submissions.unit_code', 'awards.model_code', 'null') }}
        end as model_key,
        awards.reason
    from awards
    inner join submissions
        on awards.submission_id = submissions.submission_id
    inner join unit_periods
        on
            submissions.unit_code = unit_periods.unit_code
            and submissions.period_code = unit_periods.period_code
)

select * from final
