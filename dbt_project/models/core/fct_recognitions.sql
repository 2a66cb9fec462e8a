-- One row per proposal or decision reported in a period, from the versions in force, joined
-- to the model it names (its field and theme come from the model's registrations).
-- Incremental by the reporting unit: int_changed_units includes every unit whose rows name a
-- model of a changed unit.
-- depends_on: {{ ref('int_changed_units') }}
with

recognitions as (
    select * from {{ ref('int_recognitions_named') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

models as (
    select * from {{ ref('dim_models') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

final as (
    select
        recognitions.submission_id,
        recognitions.sheet_name,
        recognitions.row_number,
        recognitions.unit_code,
        recognitions.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        recognitions.model_key,
        recognitions.model_unit_code,
        recognitions.model_code,
        coalesce(models.model_name, recognitions.model_name) as model_name,
        models.model_key is not null as is_model_known,
        models.field,
        models.theme,
        recognitions.recognition_level,
        recognitions.outcome,
        recognitions.owner_type,
        recognitions.recognizing_body,
        recognitions.decision_no,
        recognitions.decision_date
    from recognitions
    inner join unit_periods
        on
            recognitions.unit_code = unit_periods.unit_code
            and recognitions.period_code = unit_periods.period_code
    left join models
        on recognitions.model_key = models.model_key
)

select * from final
