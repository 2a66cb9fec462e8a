-- Lineage of mart_awards and mart_award_statistics: one row per award, with its file, sheet and
-- row, its statistical year (1 December to 30 November, by decision date) and its category in
-- the award catalogue: the first pattern (by priority) its form and authority match, valid on
-- its decision date; none when no pattern matches (the receipt warned). The recipient's name
-- stays in the private warehouse: a person's name is never published.
-- depends_on: {{ ref('int_changed_units') }}
with

awards as (
    select * from {{ ref('fct_awards') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

patterns as (
    select * from {{ ref('stg_raw__award_patterns') }}
),

categories as (
    select * from {{ ref('stg_raw__award_categories') }}
),

categorised as (
    select
        awards.submission_id,
        awards.row_number,
        patterns.category_code
    from awards
    inner join patterns
        on
            {{ match_key('awards.award_form') }} like patterns.form_like
            and {{ match_key('awards.awarding_authority') }} like patterns.authority_like
            and awards.decision_date
            between coalesce(patterns.valid_from, awards.decision_date)
            and coalesce(patterns.valid_to, awards.decision_date)
    inner join categories
        on
            patterns.category_code = categories.category_code
            and awards.decision_date
            between coalesce(categories.valid_from, awards.decision_date)
            and coalesce(categories.valid_to, awards.decision_date)
    qualify row_number() over (
        partition by awards.submission_id, awards.row_number order by patterns.priority
    ) = 1
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
        awards.row_number,
        cast(
            year(awards.decision_date)
            + case when month(awards.decision_date) = 12 then 1 else 0 end as integer
        ) as statistical_year,
        categorised.category_code as award_category,
        categories.award_level
    from awards
    inner join unit_periods
        on
            awards.unit_code = unit_periods.unit_code
            and awards.period_code = unit_periods.period_code
    inner join submissions
        on awards.submission_id = submissions.submission_id
    left join categorised
        on
            awards.submission_id = categorised.submission_id
            and awards.row_number = categorised.row_number
    left join categories
        on categorised.category_code = categories.category_code
)

select * from final
