-- Figures that stand out from the same unit's history: for every unit × period with a file in
-- force, its registrations, new registrations, recognitions and awards against the unit's
-- earlier periods of the same type. With at least 4 earlier periods and a baseline median of
-- at least 10, the modified z-score on median and MAD (|z| > 3.5); otherwise, and where the
-- MAD is 0, the ratio to the median (above 5 or below a fifth). Small counts are skewed and
-- lumpy: a z-score on them flags noise, so they get the ratio rule only. A non-blocking check:
-- the audit report lists them, the follow-up log records what an auditor decided.
with

submissions as (
    select * from {{ ref('fct_submissions') }}
    where is_in_force
),

unit_periods as (
    select * from {{ ref('int_unit_periods') }}
),

registrations as (
    select
        unit_code,
        period_code,
        count(*) as registrations,
        count(*) filter (where status = 'moi') as new_registrations
    from {{ ref('fct_registrations') }}
    group by unit_code, period_code
),

recognitions as (
    select
        unit_code,
        period_code,
        count(*) filter (where outcome = 'cong_nhan') as recognized
    from {{ ref('fct_recognitions') }}
    group by unit_code, period_code
),

awards as (
    select
        unit_code,
        period_code,
        count(*) as awards
    from {{ ref('fct_awards') }}
    group by unit_code, period_code
),

followups as (
    select * from {{ ref('stg_raw__followups') }}
),

submitted as (
    select distinct
        unit_code,
        period_code
    from submissions
),

counted as (
    select
        unit_periods.unit_code,
        unit_periods.unit_name,
        unit_periods.province_code,
        unit_periods.province_name,
        unit_periods.current_province_code,
        unit_periods.current_province_name,
        unit_periods.period_code,
        unit_periods.period_type,
        unit_periods.period_start,
        coalesce(registrations.registrations, 0) as registrations,
        coalesce(registrations.new_registrations, 0) as new_registrations,
        coalesce(recognitions.recognized, 0) as recognized,
        coalesce(awards.awards, 0) as awards
    from submitted
    inner join unit_periods
        on
            submitted.unit_code = unit_periods.unit_code
            and submitted.period_code = unit_periods.period_code
    left join registrations
        on
            submitted.unit_code = registrations.unit_code
            and submitted.period_code = registrations.period_code
    left join recognitions
        on
            submitted.unit_code = recognitions.unit_code
            and submitted.period_code = recognitions.period_code
    left join awards
        on
            submitted.unit_code = awards.unit_code
            and submitted.period_code = awards.period_code
),

unpivoted as (
    unpivot counted
    on registrations, new_registrations, recognized, awards
    into name measure_column value figure
),

figures as (
    select
        * exclude (measure_column),
        case
            when measure_column = 'new_registrations' then 'new' else measure_column
        end as measure
    from unpivoted
),

history as (
    select
        figures.unit_code,
        figures.period_code,
        figures.measure,
        earlier.figure as earlier_figure
    from figures
    inner join figures as earlier
        on
            figures.unit_code = earlier.unit_code
            and figures.measure = earlier.measure
            and figures.period_type = earlier.period_type
            and figures.period_start > earlier.period_start
),

baselines as (
    select
        unit_code,
        period_code,
        measure,
        count(*) as earlier_periods,
        median(earlier_figure) as baseline_median
    from history
    group by unit_code, period_code, measure
),

spreads as (
    select
        history.unit_code,
        history.period_code,
        history.measure,
        median(abs(history.earlier_figure - baselines.baseline_median)) as mad
    from history
    inner join baselines
        on
            history.unit_code = baselines.unit_code
            and history.period_code = baselines.period_code
            and history.measure = baselines.measure
    group by history.unit_code, history.period_code, history.measure
),

scored as (
    select
        figures.*,
        baselines.earlier_periods,
        baselines.baseline_median,
        case
            when
                baselines.earlier_periods >= 4
                and baselines.baseline_median >= 10
                and spreads.mad > 0
                then 0.6745 * (figures.figure - baselines.baseline_median) / spreads.mad
        end as modified_z,
        case
            when baselines.baseline_median > 0
                then figures.figure / baselines.baseline_median
        end as ratio
    from figures
    inner join baselines
        on
            figures.unit_code = baselines.unit_code
            and figures.period_code = baselines.period_code
            and figures.measure = baselines.measure
    left join spreads
        on
            figures.unit_code = spreads.unit_code
            and figures.period_code = spreads.period_code
            and figures.measure = spreads.measure
),

flagged as (
    select
        *,
        case when modified_z is not null then 'modified_z' else 'ratio' end as rule,  -- noqa: RF04
        coalesce(modified_z, ratio) as score
    from scored
    where
        case
            when modified_z is not null then abs(modified_z) > 3.5
            else ratio > 5 or ratio < 0.2
        end
),

decisions as (
    select
        unit_key,
        period_code,
        measure,
        arg_max(decision, event_seq) as decision,
        arg_max(explanation, event_seq) as explanation,
        arg_max(decided_by, event_seq) as decided_by,
        max(decided_at) as decided_at
    from followups
    group by unit_key, period_code, measure
),

final as (
    select
        flagged.unit_code,
        flagged.unit_name,
        flagged.province_code,
        flagged.province_name,
        flagged.current_province_code,
        flagged.current_province_name,
        flagged.period_code,
        flagged.period_type,
        flagged.measure,
        cast(flagged.figure as bigint) as value,  -- noqa: RF04
        cast(flagged.earlier_periods as integer) as earlier_periods,
        cast(flagged.baseline_median as double) as baseline_median,
        cast(flagged.score as double) as score,
        flagged.rule,
        coalesce(decisions.decision, 'open') as follow_up,
        decisions.explanation as follow_up_note,
        decisions.decided_by as followed_up_by,
        decisions.decided_at as followed_up_at
    from flagged
    left join decisions
        on
            upper(flagged.unit_code) = decisions.unit_key
            and flagged.period_code = decisions.period_code
            and flagged.measure = decisions.measure
)

select * from final
