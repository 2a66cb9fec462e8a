{#- What the warehouse's models were last built from, so that the next build recomputes only
    what changed since (int_changed_units). One row: the newest submission every model has
    absorbed, a fingerprint of the reference tables, and the version of the models' code. -#}
{% macro build_state_relation() -%}
    core.dvk_build_state
{%- endmacro %}

{% macro create_build_state() -%}
    create schema if not exists core;
    create table if not exists {{ build_state_relation() }} (
        built_through_seq bigint,
        reference_fingerprint varchar,
        models_version varchar,
        built_at timestamp
    );
    {#- The signature of the settled nodes' tables and code at the last complete build
        (orchestration/settled_nodes.py). A build that builds them clears it first: a build
        that stops half-way leaves no signature, and the next builds them again. #}
    create table if not exists core.dvk_settled_state (signature varchar);
    {%- if not var('dvk_settled', []) %}
    delete from core.dvk_settled_state;
    {%- endif %}
{%- endmacro %}

{#- The reference tables' content as one hash: a registry or code-list edit changes the
    attributes of rows of any unit, so the build after one recomputes everything. -#}
{% macro reference_fingerprint() -%}
    (
        select md5(string_agg(digest, '|' order by table_name))
        from (
            {%- for table in ['units', 'admin_provinces', 'admin_units', 'codes', 'periods',
                              'phases', 'award_categories', 'award_patterns', 'form_cells'] %}
                select
                    '{{ table }}' as table_name,
                    md5(coalesce(
                        string_agg(cast(r as varchar), chr(10) order by cast(r as varchar)), ''
                    )) as digest
                from {{ source('raw', table) }} as r
                {{- ' union all' if not loop.last }}
            {%- endfor %}
        ) as digests
    )
{%- endmacro %}

{#- The version of the models' code: their checksums, and the hash of the macros the pipeline
    passes (`macros_version`; dbt's graph does not hold macros). A build after an upgrade
    recomputes everything. -#}
{% macro models_version() -%}
    {%- if not execute -%}{{ return("''") }}{%- endif -%}
    {%- set parts = [var('macros_version', '')] -%}
    {%- for node in graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | sort(attribute='unique_id') -%}
        {%- do parts.append(node.unique_id ~ ':' ~ node.checksum.checksum) -%}
    {%- endfor -%}
    md5('{{ parts | join(",") }}')
{%- endmacro %}

{#- on-run-end: the state advances only when every model of the project was built without
    error and no test failed, so a failed or partial build (`dbt build -s …`) makes the next one
    redo its share, and rows that failed a test are tested again (tests read only the changed
    units' rows: macros/get_where_subquery.sql). Never after a trial build that held files back
    (macros/withheld.sql): the build after it must recompute the same units with what is kept. -#}
{% macro record_build_state() -%}
    {% if execute %}
        {#- Every model, but the settled ones a build left as they were (`dvk_settled`). #}
        {% set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | rejectattr('unique_id', 'in', var('dvk_settled', [])) | list %}
        {% set built = results | selectattr('node.resource_type', 'equalto', 'model')
            | selectattr('status', 'equalto', 'success') | list %}
        {% set failed = results | selectattr('status', 'in', ['error', 'fail']) | list %}
        {% if built | length == models | length and not failed
            and not var('dvk_withholding', false) %}
            delete from {{ build_state_relation() }};
            insert into {{ build_state_relation() }}
            select
                (select coalesce(max(arrival_seq), 0) from {{ source('raw', 'submissions') }}),
                {{ reference_fingerprint() }},
                {{ models_version() }},
                current_timestamp;
            {%- if var('dvk_settled_signature', none) %}
            delete from core.dvk_settled_state;
            insert into core.dvk_settled_state values ('{{ var("dvk_settled_signature") }}')
            {%- endif %}
        {% else %}
            select 1
        {% endif %}
    {% else %}
        select 1
    {% endif %}
{%- endmacro %}
