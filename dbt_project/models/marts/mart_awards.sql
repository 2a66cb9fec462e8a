-- One row per period × province × awarding_authority × award_form × recipient_type, counted
-- from mart_award_rows: the cell and the rows `dvk explain` lists are one definition.
-- depends_on: {{ ref('int_changed_provinces') }}
with

award_rows as (
    select * from {{ ref('mart_award_rows') }}
    where {{ when_incremental(in_changed_provinces('province_code')) }}
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
    from award_rows
    group by all
)

select * from final
