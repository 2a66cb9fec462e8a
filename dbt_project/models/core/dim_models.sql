-- One row per model identity (unit + code, or unit + normalised name), described by its
-- latest registration. `is_identity_inferred` marks identities inferred from names, which
-- the data team reviews (reports/inferred_model_identities.csv). Incremental by the model's
-- unit: replications and known origins count the models of unchanged units from the table.
-- depends_on: {{ ref('int_changed_units') }}
with

registrations as (
    select * from {{ ref('int_registrations_located') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

recognitions as (
    select * from {{ ref('int_recognitions_named') }}
    where outcome = 'cong_nhan' and {{ when_incremental(in_changed_units('model_unit_code')) }}
),

level_ranks as (
    select
        unnest(['xa', 'huyen', 'tinh', 'trung_uong']) as recognition_level,
        unnest([1, 2, 3, 4]) as level_rank
),

described as (
    select
        model_key,
        unit_code,
        bool_and(model_code is null) as is_identity_inferred,
        arg_max(model_code, period_end) as model_code,
        arg_max(model_name, (period_end, arrival_seq, row_number)) as model_name,
        arg_max(model_name_key, (period_end, arrival_seq, row_number)) as model_name_key,
        arg_max(field, (period_end, arrival_seq, row_number)) as field,
        arg_max(theme, (period_end, arrival_seq, row_number)) as theme,
        arg_max(level, (period_end, arrival_seq, row_number)) as level,
        arg_max(status, (period_end, arrival_seq, row_number)) as latest_status,
        arg_max(owner_type, (period_end, arrival_seq, row_number)) as owner_type,
        arg_max(owner_name, (period_end, arrival_seq, row_number)) as owner_name,
        arg_max(replicated_from, (period_end, arrival_seq, row_number)) as replicated_from_code,
        arg_max(replicated_from_key, (period_end, arrival_seq, row_number))
            as replicated_from_key,
        arg_max(province_code, period_end) as province_code,
        arg_max(province_name, period_end) as province_name,
        arg_max(current_province_code, period_end) as current_province_code,
        arg_max(current_province_name, period_end) as current_province_name,
        arg_max(unit_name, period_end) as unit_name,
        count(distinct model_name) as name_spellings,
        count(*) as registrations,
        arg_min(period_code, period_start) as first_period,
        arg_max(period_code, period_end) as last_period
    from registrations
    group by model_key, unit_code
),

highest_recognitions as (
    select
        recognitions.model_key,
        arg_max(recognitions.recognition_level, level_ranks.level_rank)
            as highest_recognition_level
    from recognitions
    inner join level_ranks
        on recognitions.recognition_level = level_ranks.recognition_level
    group by recognitions.model_key
),

every_model as (
    select
        model_key,
        replicated_from_key
    from described
    {% if is_incremental() %}
        union all
        select
            model_key,
            replicated_from_key
        from {{ this }}
    {% endif %}
),

replications as (
    select
        replicated_from_key as model_key,
        count(*) as replications
    from every_model
    where replicated_from_key is not null
    group by replicated_from_key
),

final as (
    select
        described.*,
        highest_recognitions.highest_recognition_level,
        coalesce(replications.replications, 0) as replications,
        origins.model_key is not null as is_origin_known
    from described
    left join highest_recognitions
        on described.model_key = highest_recognitions.model_key
    left join replications
        on described.model_key = replications.model_key
    left join every_model as origins
        on described.replicated_from_key = origins.model_key
)

select * from final
