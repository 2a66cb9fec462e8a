-- Recognition rows of the versions in force, each with the key of the model it names: by
-- code, or by normalised name matched to the registering unit's models. A province's
-- decisions on a district's models name the district in `owner_unit_code`.
-- depends_on: {{ ref('fct_registrations') }}
with

submissions as (
    select * from {{ ref('int_submissions_ranked') }}
    where is_in_force
),

recognitions as (
    select * from {{ ref('stg_raw__recognitions') }}
),

registered_names as (
    {{ registered_model_names() }}
),

owned as (
    select
        recognitions.*,
        submissions.unit_code,
        submissions.period_code,
        submissions.arrival_seq,
        coalesce(recognitions.owner_unit_code, submissions.unit_code) as model_unit_code
    from recognitions
    inner join submissions
        on recognitions.submission_id = submissions.submission_id
),

final as (
    select
        owned.submission_id,
        owned.sheet_name,
        owned.row_number,
        owned.unit_code,
        owned.period_code,
        owned.arrival_seq,
        owned.model_unit_code,
        owned.model_code,
        owned.model_name,
        owned.recognition_level,
        owned.outcome,
        owned.owner_type,
        owned.recognizing_body,
        owned.decision_no,
        owned.decision_date,
        case
            when owned.model_code is not null
                then {{ model_key('owned.model_unit_code', 'owned.model_code', 'null') }}
            else coalesce(
                registered_names.model_key,
                {{ model_key('owned.model_unit_code', 'null', 'owned.model_name_key') }}
            )
        end as model_key
    from owned
    left join registered_names
        on
            upper(owned.model_unit_code) = registered_names.unit_key
            and owned.model_name_key = registered_names.model_name_key
            and owned.model_code is null
)

select * from final
