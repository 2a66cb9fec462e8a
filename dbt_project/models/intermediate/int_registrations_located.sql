-- Registration facts with their unit's name, period dates and provinces, for the models that
-- describe or count models by place and time.
with

registrations as (
    select * from {{ ref('fct_registrations') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select
        registrations.submission_id,
        registrations.sheet_name,
        registrations.row_number,
        registrations.unit_code,
        registrations.period_code,
        registrations.arrival_seq,
        registrations.model_key,
        registrations.is_identity_inferred,
        registrations.model_code,
        registrations.model_name,
        registrations.model_name_key,
        registrations.field,
        registrations.theme,
        registrations.owner_type,
        registrations.owner_name,
        registrations.level,
        registrations.location_code,
        registrations.status,
        registrations.replicated_from,
        registrations.replicated_from_key,
        registrations.started_on,
        unit_periods.unit_name,
        unit_periods.admin_code as unit_admin_code,
        unit_periods.period_type,
        unit_periods.period_year,
        unit_periods.period_start,
        unit_periods.period_end,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name
    from registrations
    inner join unit_periods
        on
            registrations.unit_code = unit_periods.unit_code
            and registrations.period_code = unit_periods.period_code
)

select * from final
