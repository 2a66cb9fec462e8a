-- One row per period × province × awarding_authority × award_form × recipient_type.
with

awards as (
    select * from {{ ref('fct_awards') }}
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
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        awards.awarding_authority,
        awards.award_form,
        awards.recipient_type,
        cast(count(*) as integer) as awards
    from awards
    inner join unit_periods
        on
            awards.unit_code = unit_periods.unit_code
            and awards.period_code = unit_periods.period_code
    group by all
)

select * from final
