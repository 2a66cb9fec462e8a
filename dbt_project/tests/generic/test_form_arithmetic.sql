{#- A statutory form's own arithmetic (reference/statutory/form_rows.csv and form_columns.csv,
    `sum_of`): in every year and province, a total row equals the sum of its part rows, and a
    total column the sum of its part columns (a part dvk does not hold counts as 0). -#}
{% test form_arithmetic(model) %}

    with

    cells as (
        select * from {{ model }}
    ),

    definitions as (
        select form_code, row_code, column_code, row_sum_of, column_sum_of
        from {{ ref('stg_raw__form_cells') }}
    ),

    totals as (
        select
            cells.*,
            definitions.row_sum_of,
            definitions.column_sum_of
        from cells
        inner join definitions
            using (form_code, row_code, column_code)
        where definitions.row_sum_of is not null or definitions.column_sum_of is not null
    ),

    compared as (
        select
            totals.statistical_year,
            totals.province_code,
            totals.form_code,
            totals.row_code,
            totals.column_code,
            totals.awards,
            sum(coalesce(parts.awards, 0)) filter (
                where list_contains(totals.row_sum_of, parts.row_code)
                and parts.column_code = totals.column_code
            ) as row_parts,
            sum(coalesce(parts.awards, 0)) filter (
                where list_contains(totals.column_sum_of, parts.column_code)
                and parts.row_code = totals.row_code
            ) as column_parts
        from totals
        inner join cells as parts
            on
                totals.statistical_year = parts.statistical_year
                and totals.province_code = parts.province_code
                and totals.form_code = parts.form_code
        group by all
    )

    select * from compared
    where
        (row_parts is not null and coalesce(awards, 0) <> row_parts)
        or (column_parts is not null and coalesce(awards, 0) <> column_parts)

{% endtest %}
