-- One row per period × unit × recognition_level × owner_type × field × theme. A row belongs
-- to the unit whose submission reports it; a decision does not count as a proposal. Counted
-- from mart_recognition_rows: the cell and the rows `dvk explain` lists are one definition.
-- depends_on: {{ ref('int_changed_units') }}
with

recognitions as (
    select * from {{ ref('mart_recognition_rows') }}
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
        recognition_level,
        owner_type,
        field,
        theme,
        cast(count(*) filter (where outcome = 'de_nghi') as integer) as proposed,
        cast(count(*) filter (where outcome = 'cong_nhan') as integer) as recognized,
        cast(count(*) filter (where outcome = 'khong_cong_nhan') as integer) as not_recognized
    from recognitions
    group by all
)

select * from final
