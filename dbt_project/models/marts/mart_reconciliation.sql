-- One row per accepted submission × indicator × breakdown it claims: the total the unit
-- states (`Tổng hợp`) against the total computed from the same file's rows. Incremental by unit.
-- depends_on: {{ ref('int_changed_units') }}
with

submissions as (
    select * from {{ ref('fct_submissions') }}
    where outcome = 'accepted' and {{ when_incremental(in_changed_units('unit_code')) }}
),

claims as (
    -- A total claimed twice in one file: the lower row is the unit's last word.
    select * from {{ ref('stg_raw__claimed_totals') }}
    where submission_id in (select submissions.submission_id from submissions)
    qualify row_number() over (
        partition by submission_id, indicator, breakdown order by row_number desc
    ) = 1
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

registration_facts as (
    select
        submission_id,
        'registered' as indicator,
        breakdown
    from {{ ref('stg_raw__registrations') }},
        unnest([null, field, level, owner_type]) as breakdowns (breakdown)
    where submission_id in (select submissions.submission_id from submissions)
    union all
    select
        submission_id,
        'registered_' || case status
            when 'moi' then 'new'
            when 'duy_tri' then 'maintained'
            else 'replicated'
        end as indicator,
        breakdown
    from {{ ref('stg_raw__registrations') }},
        unnest([null, field, level, owner_type]) as breakdowns (breakdown)
    where submission_id in (select submissions.submission_id from submissions)
),

recognition_facts as (
    select
        submission_id,
        case outcome when 'de_nghi' then 'proposed' else 'recognized' end as indicator,
        breakdown
    from {{ ref('stg_raw__recognitions') }},
        unnest([null, recognition_level, owner_type]) as breakdowns (breakdown)
    where
        outcome in ('de_nghi', 'cong_nhan')
        and submission_id in (select submissions.submission_id from submissions)
),

award_facts as (
    select
        submission_id,
        'awards' as indicator,
        breakdown
    from {{ ref('stg_raw__awards') }},
        unnest([null, recipient_type]) as breakdowns (breakdown)
    where submission_id in (select submissions.submission_id from submissions)
),

computed as (
    select
        submission_id,
        indicator,
        breakdown,
        count(*) as computed
    from (
        select * from registration_facts
        union all
        select * from recognition_facts
        union all
        select * from award_facts
    ) as facts
    group by all
),

final as (
    select
        submissions.submission_id,
        submissions.original_name,
        submissions.is_in_force,
        submissions.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        unit_periods.period_end,
        submissions.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        claims.indicator,
        claims.breakdown,
        cast(claims.value as integer) as claimed,
        cast(coalesce(computed.computed, 0) as integer) as computed,
        cast(coalesce(computed.computed, 0) - claims.value as integer) as difference,
        case
            when coalesce(computed.computed, 0) = claims.value then 'match' else 'mismatch'
        end as status
    from claims
    inner join submissions
        on claims.submission_id = submissions.submission_id
    inner join unit_periods
        on
            submissions.unit_code = unit_periods.unit_code
            and submissions.period_code = unit_periods.period_code
    left join computed
        on
            claims.submission_id = computed.submission_id
            and claims.indicator = computed.indicator
            and claims.breakdown is not distinct from computed.breakdown
)

select * from final
