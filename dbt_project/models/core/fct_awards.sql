-- One row per award reported in a period, from the versions in force; lineage to file,
-- sheet and row. A recognition or award belongs to the period of the submission that reports
-- it. Incremental by unit, like fct_registrations.
-- depends_on: {{ ref('int_changed_units') }}
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force and {{ when_incremental(in_changed_units('unit_code')) }}
),

awards as (
    select * from {{ ref('stg_raw__awards') }}
),

final as (
    select
        awards.submission_id,
        awards.sheet_name,
        awards.row_number,
        submissions.unit_code,
        submissions.period_code,
        submissions.arrival_seq,
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
)

select * from final
