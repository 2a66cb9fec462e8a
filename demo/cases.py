"""The cases the demo plants besides the seeds' figures, as the published marts show them: a
file superseded by its version 2, a claimed total its rows do not bear out, the figures that
stand out from a unit's history, and the files rejected (their receipts say why)."""

from __future__ import annotations

import duckdb


def planted_cases(con: duckdb.DuckDBPyConnection) -> list[str]:
    lines = []
    for name, version, previous, before in con.execute(
        "select distinct original_name, version, previous_original_name, previous_version "
        "from mart_submission_changes order by all"
    ).fetchall():
        lines.append(
            f"  superseded: {previous} (version {before}) by {name} (version {version}); "
            "what changed: mart_submission_changes"
        )
    for unit, period, indicator, claimed, computed in con.execute(
        "select unit_code, period_code, indicator, claimed, computed from mart_reconciliation "
        "where status = 'mismatch' and is_in_force order by all"
    ).fetchall():
        lines.append(
            f"  claimed total not borne out: {unit} {period} {indicator} claims {claimed}, "
            f"its rows give {computed} (mart_reconciliation)"
        )
    for unit, period, measure, value, median in con.execute(
        "select unit_code, period_code, measure, value, baseline_median from mart_outliers "
        "order by all"
    ).fetchall():
        lines.append(
            f"  outlier: {unit} {period} {measure} = {value} against a median of {median:g} "
            "in its earlier periods (mart_outliers; `dvk followup`)"
        )
    rejected = con.execute(
        "select coalesce(sum(rejected_files), 0) from mart_submission_status"
    ).fetchone()[0]
    lines.append(f"  rejected: {rejected} file(s), each with a receipt naming what to fix")
    return lines
