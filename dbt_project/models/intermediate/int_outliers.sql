-- The figures of int_unit_figures that stand out from the same unit's earlier periods of the
-- same type. With at least 4 earlier periods and a baseline median of at least 10, the modified
-- z-score on median and MAD (|z| > 3.5); otherwise, and where the MAD is 0, the ratio to the
-- median (above 5 or below a fifth). Small counts are skewed and lumpy: a z-score on them flags
-- noise, so they get the ratio rule only. Rows by unit, like the figures.
-- depends_on: {{ ref('int_changed_units') }}
with

figures as (
    select * from {{ ref('int_unit_figures') }}
    where {{ when_incremental(in_changed_units('unit_code')) }}
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

final as (
    select
        unit_code,
        unit_name,
        province_code,
        province_name,
        current_province_code,
        current_province_name,
        period_code,
        period_type,
        measure,
        cast(figure as bigint) as figure,
        cast(earlier_periods as integer) as earlier_periods,
        cast(baseline_median as double) as baseline_median,
        cast(score as double) as score,
        rule  -- noqa: RF04
    from flagged
)

select * from final
