{#- Every non-null value of the column is a code of `code_set` in dim_codes: the one list of
    codes (ingestion/format/vocabulary.py, loaded as raw.codes) that the format, the marts and
    mart_codes share, instead of a list typed again for every column. -#}
{% test in_code_set(model, column_name, code_set) %}

    select {{ column_name }} as unknown_code
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} not in (
            select codes.code from {{ ref('dim_codes') }} as codes
            where codes.vocabulary = '{{ code_set }}'
        )

{% endtest %}
