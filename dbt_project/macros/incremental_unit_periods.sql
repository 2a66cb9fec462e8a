{#- Pre-hook of an incremental fact keyed by unit × period: delete the rows of every unit ×
    period that received an accepted file after the newest file the fact holds. The model's
    body then inserts every unit × period the table lacks, from the version now in force. -#}
{% macro delete_changed_unit_periods() -%}
    {% if is_incremental() %}
        delete from {{ this }}
        where unit_code || '|' || period_code in (
            select unit_code || '|' || period_code
            from {{ ref('int_submissions_ranked') }}
            where arrival_seq > (select coalesce(max(arrival_seq), 0) from {{ this }})
        )
    {% endif %}
{%- endmacro %}

{#- The body's half of the same scheme: keep the rows of unit × periods the table lacks. -#}
{% macro where_unit_period_not_loaded(source_alias) -%}
    {% if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as loaded
            where
                loaded.unit_code = {{ source_alias }}.unit_code
                and loaded.period_code = {{ source_alias }}.period_code
        )
    {% endif %}
{%- endmacro %}
