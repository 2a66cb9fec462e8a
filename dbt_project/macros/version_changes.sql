{#- The rows one table sheet gained, lost and changed between each pair of versions in
    `pairs` (submission_id supersedes previous_submission_id). A row is matched across the
    two versions by `identity` and, where a file repeats an identity, by its occurrence. -#}
{% macro version_changes(source, identity, label, columns) -%}
    with

    items as (
        select
            submission_id,
            sheet_name,
            row_number,
            {{ identity }} as item_key,
            {{ label }} as item_label,
            row_number() over (
                partition by submission_id, {{ identity }} order by row_number
            ) as occurrence,
            {{ columns | join(', ') }}
        from {{ source }}
        where
            submission_id in (select submission_id from pairs)
            or submission_id in (select previous_submission_id from pairs)
    ),

    new_items as (
        select
            pairs.submission_id as pair_id,
            items.*
        from pairs
        inner join items on pairs.submission_id = items.submission_id
    ),

    old_items as (
        select
            pairs.submission_id as pair_id,
            items.*
        from pairs
        inner join items on pairs.previous_submission_id = items.submission_id
    ),

    compared as (
        select
            coalesce(new_items.pair_id, old_items.pair_id) as submission_id,
            coalesce(new_items.sheet_name, old_items.sheet_name) as sheet_name,
            case
                when old_items.item_key is null then 'added'
                when new_items.item_key is null then 'removed'
                else 'changed'
            end as change,
            coalesce(new_items.item_label, old_items.item_label) as item_label,
            new_items.row_number,
            old_items.row_number as previous_row_number,
            case when new_items.item_key = old_items.item_key then concat_ws(
                ', ',
                {%- for column in columns %}
                    case
                        when new_items.{{ column }} is distinct from old_items.{{ column }}
                            then '{{ column }}'
                    end{{ ',' if not loop.last }}
                {%- endfor %}
            ) end as changed_columns
        from new_items
        full outer join old_items
            on
                new_items.pair_id = old_items.pair_id
                and new_items.item_key = old_items.item_key
                and new_items.occurrence = old_items.occurrence
    )

    select * from compared
    where change <> 'changed' or changed_columns <> ''
{%- endmacro %}
