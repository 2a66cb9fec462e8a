-- Lineage of mart_recognitions: one row per proposal or decision it counts (`outcome` says
-- which measure: de_nghi → proposed, cong_nhan → recognized, khong_cong_nhan →
-- not_recognized), with its file, sheet and row.
-- depends_on: {{ ref('int_changed_units') }}
with

recognitions as (
    select * from {{ ref('fct_recognitions') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

final as (
    select
        recognitions.period_code,
        recognitions.period_type,
        recognitions.period_start,
        recognitions.period_end,
        recognitions.unit_code,
        recognitions.unit_name,
        recognitions.province_code,
        recognitions.province_name,
        recognitions.current_province_code,
        recognitions.current_province_name,
        recognitions.recognition_level,
        recognitions.owner_type,
        recognitions.field,
        recognitions.theme,
        recognitions.outcome,
        recognitions.model_key,
        recognitions.model_code,
        recognitions.model_name,
        recognitions.decision_no,
        recognitions.decision_date,
        recognitions.submission_id,
        submissions.original_name,
        recognitions.sheet_name,
        recognitions.row_number
    from recognitions
    inner join submissions
        on recognitions.submission_id = submissions.submission_id
)

select * from final
