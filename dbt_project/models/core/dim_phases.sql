-- One row per phase (giai đoạn); phase totals count distinct models over its year periods.
with

phases as (
    select * from {{ ref('stg_raw__phases') }}
),

final as (
    select
        phase_code,
        phase_start,
        phase_end,
        first_year,
        last_year
    from phases
)

select * from final
