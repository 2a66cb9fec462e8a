-- One row per model (its identity across years). `replicated_from` is the origin's
-- model_key when the warehouse knows the origin; `owner_name` only for collectives.
-- depends_on: {{ ref('int_changed_units') }}
with

models as (
    select * from {{ ref('dim_models') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

final as (
    select
        model_key,
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        model_code,
        model_name,
        field,
        theme,
        level,
        first_period,
        last_period,
        latest_status,
        highest_recognition_level,
        case when is_origin_known then replicated_from_key end as replicated_from,
        cast(replications as integer) as replications,
        case when owner_type = 'tap_the' then owner_name end as owner_name,
        owner_type,
        is_identity_inferred,
        replicated_from_code
    from models
)

select * from final
