-- The provinces (as reported) of the units int_changed_units names, in any period: the cells of
-- the marts counted by province that this build recomputes.
{{ config(materialized='table') }}

with

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select distinct province_code
    from unit_periods
    where {{ in_changed_units('unit_code') }}
)

select * from final
