-- The change set as the publish reads it, the one relation of the project that storage names
-- (warehouse/publish/delta.py): appended by every build, one row per unit and one per province it
-- recomputed (int_changed_units, int_changed_provinces), with the build's time and `is_full`;
-- a build that recomputed nothing leaves one row naming neither. The units and provinces
-- changed since build X are the rows with `built_at > X`; a full build since means every mart.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

with

changed_units as (
    select * from {{ ref('int_changed_units') }}
),

changed_provinces as (
    select * from {{ ref('int_changed_provinces') }}
),

build as (
    select
        current_timestamp as built_at,
        coalesce(bool_or(is_full), false) as is_full
    from changed_units
),

changes as (
    select
        unit_key,
        cast(null as varchar) as province_code
    from changed_units
    union all
    select
        cast(null as varchar) as unit_key,
        province_code
    from changed_provinces
    where province_code is not null
),

final as (
    select
        build.built_at,
        changes.unit_key,
        changes.province_code,
        build.is_full
    from build
    left join changes on true
)

select * from final
