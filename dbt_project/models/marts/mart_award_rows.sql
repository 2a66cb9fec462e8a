-- Lineage of mart_awards: one row per award it counts, with its file, sheet and row. The
-- recipient's name stays in the private warehouse: a person's name is never published.
-- depends_on: {{ ref('int_changed_units') }}
with

awards as (
    select * from {{ ref('fct_awards') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select
        awards.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        awards.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        awards.awarding_authority,
        awards.award_form,
        awards.recipient_type,
        awards.decision_no,
        awards.decision_date,
        awards.submission_id,
        submissions.original_name,
        awards.sheet_name,
        awards.row_number
    from awards
    inner join unit_periods
        on
            awards.unit_code = unit_periods.unit_code
            and awards.period_code = unit_periods.period_code
    inner join submissions
        on awards.submission_id = submissions.submission_id
)

select * from final
