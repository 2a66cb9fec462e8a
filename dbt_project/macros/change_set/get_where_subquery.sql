{#- dbt's `where` for tests, plus the change set: a test of a model whose rows follow the
    changed units (meta `dvk_rows_by`) reads only those units' rows, by the predicates of
    changed_units.sql: the rows the build recomputed. The others passed the build that wrote
    them (the build state advances only when every test passed).
    `--vars '{dvk_checks: all}'`, and every full build (whose change set holds every unit),
    test every row. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [config.get('where', '')] -%}
    {%- if execute and var('dvk_checks', 'changed') != 'all' -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.alias == relation.identifier
            and node.schema == relation.schema -%}
            {%- set rows_by = node.config.meta.get('dvk_rows_by') -%}
            {%- if rows_by == 'unit' -%}
                {%- do conditions.append(in_changed_units(
                    'unit_code', change_set_relation('int_changed_units')
                )) -%}
            {%- elif rows_by == 'province' -%}
                {%- do conditions.append(in_changed_provinces(
                    'province_code', change_set_relation('int_changed_provinces')
                )) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set conditions = conditions | select | list -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ')
            ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
