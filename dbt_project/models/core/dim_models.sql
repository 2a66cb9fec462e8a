-- One row per model identity: a unit's code for the model, or else its normalised name.
-- `is_identity_inferred` marks the identities the warehouse had to infer from names, which
-- the data team reviews (reports/inferred_model_identities.csv).
with

registrations as (
    select * from {{ ref('fct_registrations') }}
),

final as (
    select
        model_key,
        unit_code,
        bool_and(model_code is null) as is_identity_inferred,
        min(model_code) as model_code,
        min(model_name_key) as model_name_key,
        min(model_name) as model_name,
        count(distinct model_name) as name_spellings,
        count(*) as registrations,
        min(period_code) as first_period,
        max(period_code) as last_period
    from registrations
    group by model_key, unit_code
)

select * from final
