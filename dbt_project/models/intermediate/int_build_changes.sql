-- One row per build and changed unit, appended by every build: what the publish of a later
-- run copies from the warehouse into the previous published version (the units changed since
-- the build that version was published from), instead of copying every mart. A build with no
-- changed unit is recorded by a row without one; `is_full` marks a build that recomputed every
-- unit, after which the next publish copies every mart.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

with

changed as (
    select * from {{ ref('int_changed_units') }}
),

build as (
    select
        current_timestamp as built_at,
        coalesce(bool_or(is_full), false) as is_full
    from changed
),

final as (
    select
        build.built_at,
        changed.unit_key,
        build.is_full
    from build
    left join changed on true
)

select * from final
