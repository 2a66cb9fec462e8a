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
