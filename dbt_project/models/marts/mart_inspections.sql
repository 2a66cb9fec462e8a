-- One row per period × unit × kind (contract v3): inspections (`kiem_tra`) or supervisions
-- (`giam_sat`) of mass-mobilisation work held, and the organisations they covered, summed from
-- mart_inspection_rows: the cell and the rows `dvk explain` lists are one definition.
-- depends_on: {{ ref('int_changed_units') }}
with

inspection_rows as (
    select * from {{ ref('mart_inspection_rows') }}
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
        kind,
        cast(sum(sessions) as bigint) as sessions,
        cast(sum(organisations) as bigint) as organisations
    from inspection_rows
    group by all
)

select * from final
