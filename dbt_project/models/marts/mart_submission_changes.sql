-- Change history: for each unit × period, what each new version of its submission added,
-- removed and changed against the version it superseded (the next one down in
-- int_submissions_ranked). One row per row added, removed or changed; `changed_columns`
-- names the columns that differ, never their values (an owner's name may be among them).
-- depends_on: {{ ref('int_changed_units') }}
with

ranked as (
    select * from {{ ref('int_submissions_ranked') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

submissions as (
    select * from {{ ref('fct_submissions') }}
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

pairs as (
    select
        newer.unit_code,
        newer.period_code,
        newer.submission_id,
        older.submission_id as previous_submission_id
    from ranked as newer
    inner join ranked as older
        on
            newer.unit_code = older.unit_code
            and newer.period_code = older.period_code
            and newer.version_rank + 1 = older.version_rank
),

registration_changes as (
    {{ version_changes(
        ref('stg_raw__registrations'),
        identity="coalesce('code:' || lower(model_code), 'name:' || model_name_key)",
        label='model_name',
        columns=['model_code', 'model_name', 'field', 'theme', 'owner_type', 'owner_name',
                 'level', 'location_code', 'status', 'replicated_from', 'started_on'],
    ) }}
),

recognition_changes as (
    {{ version_changes(
        ref('stg_raw__recognitions'),
        identity="concat_ws('|', upper(owner_unit_code), coalesce('code:' || lower(model_code),
                  'name:' || model_name_key), recognition_level, outcome)",
        label="concat_ws(' · ', model_name, recognition_level, outcome)",
        columns=['model_name', 'owner_type', 'recognizing_body', 'decision_no',
                 'decision_date'],
    ) }}
),

award_changes as (
    {{ version_changes(
        ref('stg_raw__awards'),
        identity="concat_ws('|', recipient_type, md5(lower(trim(recipient_name))), award_form,
                  awarding_authority)",
        label="concat_ws(' · ', award_form, awarding_authority, recipient_type)",
        columns=['recipient_name', 'decision_no', 'decision_date', 'model_code', 'reason'],
    ) }}
),

changes as (
    select * from registration_changes
    union all
    select * from recognition_changes
    union all
    select * from award_changes
),

final as (
    select
        pairs.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        pairs.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        pairs.submission_id,
        newer.original_name,
        newer.version,
        pairs.previous_submission_id,
        older.original_name as previous_original_name,
        older.version as previous_version,
        changes.sheet_name,
        changes.change,
        changes.item_label,
        changes.row_number,
        changes.previous_row_number,
        nullif(changes.changed_columns, '') as changed_columns
    from changes
    inner join pairs
        on changes.submission_id = pairs.submission_id
    inner join submissions as newer
        on pairs.submission_id = newer.submission_id
    inner join submissions as older
        on pairs.previous_submission_id = older.submission_id
    inner join unit_periods
        on
            pairs.unit_code = unit_periods.unit_code
            and pairs.period_code = unit_periods.period_code
)

select * from final
