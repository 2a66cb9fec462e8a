-- One row per period × unit × field × theme × level × status × owner_type, counted from
-- mart_registration_rows: the cell and the rows `dvk explain` lists are one definition.
-- depends_on: {{ ref('int_changed_units') }}
with

registration_rows as (
    select * from {{ ref('mart_registration_rows') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

final as (
    select
        period_code,
        period_type,
        period_start,
        period_end,
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        field,
        theme,
        level,
        status,
        owner_type,
        cast(count(*) as integer) as registrations,
        cast(count(distinct model_key) as integer) as models
    from registration_rows
    group by all
)

select * from final
