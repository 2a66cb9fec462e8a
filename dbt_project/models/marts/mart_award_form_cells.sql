-- One row per statistical year × province (as it reported) × cell of each Home Affairs form in
-- force on the year's last day (30 November): the awards of the categories its column counts,
-- of the recipients its row and column count, from mart_award_statistics. A row dvk does not
-- hold (enterprises, leaders, the method of award) has no value. `dvk forms` lays these cells
-- out as the forms; the forms' own arithmetic is tested (tests/generic/test_form_arithmetic).
with

statistics as (
    select * from {{ ref('mart_award_statistics') }}
),

cells as (
    select * from {{ ref('stg_raw__form_cells') }}
    where row_code <> ''
),

years_and_provinces as (
    select distinct
        statistical_year,
        province_code,
        province_name,
        current_province_code,
        current_province_name
    from statistics
),

in_force as (
    select
        years_and_provinces.*,
        cells.*
    from years_and_provinces
    inner join cells
        on
            coalesce(cells.form_valid_from, date '1900-01-01')
            <= make_date(years_and_provinces.statistical_year, 11, 30)
            and make_date(years_and_provinces.statistical_year, 11, 30)
            <= coalesce(cells.form_valid_to, date '9999-12-31')
),

counted as (
    select
        in_force.statistical_year,
        in_force.province_code,
        in_force.form_code,
        in_force.row_code,
        in_force.column_code,
        sum(statistics.awards) as awards
    from in_force
    inner join statistics
        on
            in_force.statistical_year = statistics.statistical_year
            and in_force.province_code = statistics.province_code
            and list_contains(in_force.categories, statistics.award_category)
            and coalesce(in_force.row_recipient_type, statistics.recipient_type)
            = statistics.recipient_type
            and coalesce(in_force.column_recipient_type, statistics.recipient_type)
            = statistics.recipient_type
    group by all
),

final as (
    select
        in_force.statistical_year,
        in_force.province_code,
        in_force.province_name,
        in_force.current_province_code,
        in_force.current_province_name,
        in_force.form_code,
        in_force.form_title,
        in_force.circular,
        in_force.receiving_body,
        in_force.due,
        in_force.row_order,
        in_force.row_code,
        in_force.row_group,
        in_force.row_label,
        in_force.row_unit_label,
        in_force.column_order,
        in_force.column_code,
        in_force.column_label,
        in_force.is_held,
        array_to_string(in_force.categories, ';') as award_categories,
        coalesce(in_force.row_recipient_type, in_force.column_recipient_type) as recipient_type,
        case
            when in_force.is_held then cast(coalesce(counted.awards, 0) as integer)
        end as awards
    from in_force
    left join counted
        on
            in_force.statistical_year = counted.statistical_year
            and in_force.province_code = counted.province_code
            and in_force.form_code = counted.form_code
            and in_force.row_code = counted.row_code
            and in_force.column_code = counted.column_code
)

select * from final
