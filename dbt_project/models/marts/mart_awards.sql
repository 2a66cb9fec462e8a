-- One row per period × province × awarding_authority × award_form × recipient_type.
with

awards as (
    select * from {{ ref('fct_awards') }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        awarding_authority,
        award_form,
        recipient_type,
        cast(count(*) as integer) as awards
    from awards
    group by all
)

select * from final
