-- Figures that stand out from the same unit's history (int_outliers), each with the auditor's
-- last decision on it (`dvk followup`, reference/followups.jsonl). A non-blocking check: the
-- audit report lists them and a Great Expectations suite warns of the open ones.
with

outliers as (
    select * from {{ ref('int_outliers') }}
),

followups as (
    select * from {{ ref('stg_raw__followups') }}
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
        flagged.figure as value,  -- noqa: RF04
        flagged.earlier_periods,
        flagged.baseline_median,
        flagged.score,
        flagged.rule,
        coalesce(decisions.decision, 'open') as follow_up,
        decisions.explanation as follow_up_note,
        decisions.decided_by as followed_up_by,
        decisions.decided_at as followed_up_at
    from outliers as flagged
    left join decisions
        on
            upper(flagged.unit_code) = decisions.unit_key
            and flagged.period_code = decisions.period_code
            and flagged.measure = decisions.measure
)

select * from final
