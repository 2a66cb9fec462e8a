"""Reporting periods: `2023` (year), `2023-H1`/`H2` (half), `2023-Q1`..`Q4` (quarter).

The warehouse's period dimension is generated here, so that Python and SQL share one definition
of a period's dates and deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DEFAULT_DEADLINE_DAYS = 15
# The 2025 reform: from this date the district level no longer exists.
REFORM_DATE = dt.date(2025, 7, 1)
CALENDAR_YEARS = (2015, 2040)
"""The years of the warehouse's period dimension (`dim_periods`): a period outside them is not a
period the warehouse can hold, so `parse_period` never returns one."""
# ASCII digits only: `\d` would take "٢٠٢٣", and `int()` of a digit like "²" raises.
_PATTERN = re.compile(r"([0-9]{4})(?:-(H[12]|Q[1-4]))?")


@dataclass(frozen=True)
class Period:
    code: str
    period_type: str
    start: dt.date
    end: dt.date

    @property
    def deadline(self) -> dt.date:
        return self.end + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)

    @property
    def year(self) -> int:
        return self.start.year


def parse_period(text: str | None) -> Period | None:
    """The period a code names, or None; case and spaces are forgiven ("2023 - h1"). A year
    outside `CALENDAR_YEARS` ("0000", "9999-Q4", "2205") names no period."""
    match = period_match(text)
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
        return None
    if part is None:
        return Period(str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if part[0] == "H":
        first_month = 1 if part == "H1" else 7
        return _months(year, part, "half", first_month, 6)
    return _months(year, part, "quarter", 3 * int(part[1]) - 2, 3)


def period_match(text: str | None) -> re.Match | None:
    """The code's year and part, whatever the year: tells a code of the right shape outside the
    calendar (PERIOD_OUT_OF_RANGE) from one that is no period at all (PERIOD_INVALID)."""
    if text is None:
        return None
    return _PATTERN.fullmatch(re.sub(r"\s+", "", text).upper())


def _months(year: int, part: str, period_type: str, first_month: int, months: int) -> Period:
    start = dt.date(year, first_month, 1)
    after = dt.date(year + (first_month + months > 12), (first_month + months - 1) % 12 + 1, 1)
    return Period(f"{year}-{part}", period_type, start, after - dt.timedelta(days=1))


def calendar(first_year: int, last_year: int) -> list[Period]:
    """Every year, half and quarter from `first_year` to `last_year`, for the period dimension."""
    codes = ["", "-H1", "-H2", "-Q1", "-Q2", "-Q3", "-Q4"]
    years = range(first_year, last_year + 1)
    return [period for y in years for c in codes if (period := parse_period(f"{y}{c}"))]


@dataclass(frozen=True)
class Phase:
    """A multi-year phase; its totals count distinct models over its year periods."""

    code: str
    first_year: int
    last_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.last_year, 12, 31)


# The movement's phases as the reports name them (giai đoạn).
PHASES = (
    Phase("2021-2023", 2021, 2023),
    Phase("2023-2025", 2023, 2025),
    Phase("2021-2025", 2021, 2025),
    Phase("2021-2026", 2021, 2026),
    Phase("2026-2030", 2026, 2030),
)
