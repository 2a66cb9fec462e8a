{#- The identity key of a model as a row names it: its unit's code for it, or else its
    normalised name within the unit. Every fact that names a model uses it. -#}
{% macro model_key(unit_code, model_code, model_name_key) -%}
    md5(
        upper({{ unit_code }}) || '|' || coalesce(
            'code:' || lower({{ model_code }}),
            'name:' || {{ model_name_key }}
        )
    )
{%- endmacro %}
