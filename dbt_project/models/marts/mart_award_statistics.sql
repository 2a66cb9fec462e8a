-- One row per statistical year × province × award category × recipient type (contract v3): the
-- awards of the Home Affairs statistics, counted from mart_award_rows, so a cell and the rows
-- `dvk explain` lists are one definition. The statistical year runs from 1 December of the
-- year before to 30 November, by decision date; `award_category` is empty for awards the
-- catalogue does not place (their receipts warned).
-- depends_on: {{ ref('int_changed_provinces') }}
with

award_rows as (
    select * from {{ ref('mart_award_rows') }}
    where {{ when_incremental(in_changed_provinces('province_code')) }}
),

final as (
    select
        statistical_year,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        award_category,
        award_level,
        recipient_type,
        cast(count(*) as integer) as awards
    from award_rows
    group by all
)

select * from final
