-- One row per submission in force with registrations: a fingerprint of its rows (names,
-- fields, levels, statuses, owner types, in a fixed order), so that the check for a file sent
-- again under another period or unit compares the run's files with the history by one value
-- each. Incremental by unit, like the facts it reads.
-- depends_on: {{ ref('int_changed_units') }}
with

registrations as (
    select * from {{ ref('fct_registrations') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
),

final as (
    select
        submission_id,
        unit_code,
        md5(string_agg(
            concat_ws('|', model_name_key, field, level, status, owner_type),
            '\n' order by model_name_key, level, status, owner_type
        )) as rows_fingerprint
    from registrations
    group by submission_id, unit_code
)

select * from final
