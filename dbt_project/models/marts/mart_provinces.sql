-- One row per province before the 2025 reform (63), with the province of today it became part of
-- (the reform merged whole provinces). For maps: boundaries shipped by BI tools are the 63
-- provinces', and each is drawn with the figures of today's province.
with

provinces as (
    select * from {{ ref('stg_raw__admin_provinces') }}
),

final as (
    select
        former.province_code,
        former.province_name,
        former.current_province_code,
        today.province_name as current_province_name
    from provinces as former
    inner join provinces as today
        on
            today.province_tree = '2025'
            and former.current_province_code = today.province_code
    where former.province_tree = 'legacy'
)

select * from final
