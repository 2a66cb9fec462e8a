-- One row per reporting period (year, half, quarter) with its dates and deadline.
select * from {{ ref('stg_raw__periods') }}
