"""Reporting periods as Dagster partitions: one per year, half and quarter of the calendar."""

import dagster as dg

from ingestion.format.periods import CALENDAR_YEARS, calendar

PERIODS = calendar(*CALENDAR_YEARS)
period_partitions = dg.StaticPartitionsDefinition([period.code for period in PERIODS])


def periods_of(selector: str) -> list[str]:
    """`2023` → the year and its halves and quarters; `2023-H1` → itself."""
    if selector in {p.code for p in PERIODS} and "-" in selector:
        return [selector]
    return [p.code for p in PERIODS if p.code.split("-")[0] == selector]
