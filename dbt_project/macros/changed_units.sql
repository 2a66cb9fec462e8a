{#- Incremental models keyed by unit or province: the pre-hook deletes the rows of every unit
    (or province) int_changed_units names, and the body inserts them again from the current
    sources, filtered by the same predicate. A full build (first run, --full-refresh) keeps
    every row. -#}
{% macro in_changed_units(unit_column) -%}
    upper({{ unit_column }}) in (select unit_key from {{ ref('int_changed_units') }})
{%- endmacro %}

{% macro in_changed_provinces(province_column) -%}
    {{ province_column }} in (select province_code from {{ ref('int_changed_provinces') }})
{%- endmacro %}

{#- The units that reported in a changed province in any period (mart_phase_models). -#}
{% macro in_changed_province_units(unit_column) -%}
    {{ unit_column }} in (
        select changed_unit_periods.unit_code
        from {{ ref('int_unit_periods') }} as changed_unit_periods
        where {{ in_changed_provinces('changed_unit_periods.province_code') }}
    )
{%- endmacro %}

{#- The body's filter: the predicate on an incremental build, every row otherwise. -#}
{% macro when_incremental(predicate) -%}
    {% if is_incremental() %}{{ predicate }}{% else %}true{% endif %}
{%- endmacro %}

{#- The pre-hook: remove the rows the body is about to insert again. -#}
{% macro delete_changed(predicate) -%}
    {% if is_incremental() %}
        delete from {{ this }} where {{ predicate }}
    {% endif %}
{%- endmacro %}

{#- mart_duplicate_models: the period × normalised name of every registration, in any version,
    of the changed units; a duplicate group lies inside one of them. -#}
{% macro in_changed_name_periods() -%}
    (period_code, model_name_key) in (
        select distinct
            changed_submissions.period_code,
            changed_registrations.model_name_key
        from {{ ref('stg_raw__registrations') }} as changed_registrations
        inner join {{ ref('stg_raw__submissions') }} as changed_submissions
            on changed_registrations.submission_id = changed_submissions.submission_id
        where {{ in_changed_units('changed_submissions.unit_code') }}
    )
{%- endmacro %}
