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

{#- Each unit's registered models by normalised name, the latest registration's key: how a row
    that names a model by name only finds it (recognitions, outcomes). -#}
{% macro registered_model_names() -%}
    select
        upper(unit_code) as unit_key,
        model_name_key,
        arg_max(model_key, arrival_seq) as model_key
    from {{ ref('fct_registrations') }}
    group by upper(unit_code), model_name_key
{%- endmacro %}
