{#- Incremental models keyed by unit or province: the pre-hook deletes the rows of every unit
    (or province) int_changed_units names, and the body inserts them again from the current
    sources, filtered by the same predicate. A full build (first run, --full-refresh) keeps
    every row. -#}
{% macro in_changed_units(unit_column, changed=none) -%}
    upper({{ unit_column }}) in (select unit_key from {{ changed or ref('int_changed_units') }})
{%- endmacro %}

{% macro in_changed_provinces(province_column, changed=none) -%}
    {{ province_column }} in (
        select province_code from {{ changed or ref('int_changed_provinces') }}
    )
{%- endmacro %}

{#- A model of the change set as a relation, found in the graph: for the tests' `where`
    (get_where_subquery.sql), where a `ref` would name a dependency dbt's parse did not see. -#}
{% macro change_set_relation(name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] -%}
    {{ return(api.Relation.create(
        database=node.database, schema=node.schema, identifier=node.alias)) }}
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
    of the changed units (int_changed_name_periods); a duplicate group lies inside one of them.
    The name alone first: DuckDB then joins the few changed names, where the pair alone made it
    build its join on every registration. When every unit changed, every row: the same rows,
    without joining every registration to every pair (which ran out of memory at national
    size). -#}
{% macro in_changed_name_periods() -%}
    {%- if every_unit_changed() -%}
        true
    {%- else -%}
        model_name_key in (
            select changed_names.model_name_key
            from {{ ref('int_changed_name_periods') }} as changed_names
        )
        and (period_code, model_name_key) in (
            select
                changed_pairs.period_code,
                changed_pairs.model_name_key
            from {{ ref('int_changed_name_periods') }} as changed_pairs
        )
    {%- endif -%}
{%- endmacro %}

{#- Whether this build recomputes every unit (int_changed_units.is_full), asked of the table
    this build has just written; true where it does not exist yet. -#}
{% macro every_unit_changed() -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set relation = load_relation(ref('int_changed_units')) -%}
    {%- if relation is none -%}{{ return(true) }}{%- endif -%}
    {%- set answer = run_query(
        'select coalesce(bool_or(is_full), false) from ' ~ relation
    ) -%}
    {{ return(answer.columns[0].values()[0]) }}
{%- endmacro %}
