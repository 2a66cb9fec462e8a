with

source as (
    select * from {{ source('raw', 'units') }}
),

final as (
    select
        unit_code,
        unit_name,
        unit_type,
        province_code,
        admin_code,
        valid_from,
        valid_to,
        reports,
        source_file,
        -- Province codes name the old tree before the 2025 reform and the new one after it.
        case when valid_from < date '2025-07-01' then 'legacy' else '2025' end as province_tree
    from source
)

select * from final
