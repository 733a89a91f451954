"""Regular expressions that match exactly the real dates between two days.

The OpenAPI description states the date bounds of the API (a date of birth
after 1900 and not in the future, a visit within two years) as patterns, so a
client generator or a fuzzer knows which dates are accepted, leap days
included, and which are not.
"""

from __future__ import annotations

import calendar
from datetime import date

DAYS_31 = "(?:0[1-9]|[12][0-9]|3[01])"
DAYS_30 = "(?:0[1-9]|[12][0-9]|30)"
DAYS_28 = "(?:0[1-9]|1[0-9]|2[0-8])"
WHOLE_YEAR = (
    f"(?:(?:01|03|05|07|08|10|12)-{DAYS_31}|(?:04|06|09|11)-{DAYS_30}|02-{DAYS_28})"
)


def days_of(year: int, start: date, end: date) -> str:
    """Return the month-day pattern of the days of ``year`` from start to end."""
    months = []
    for month in range(start.month, end.month + 1):
        first = start.day if month == start.month else 1
        last = end.day if month == end.month else calendar.monthrange(year, month)[1]
        days = "|".join(f"{day:02d}" for day in range(first, last + 1))
        months.append(f"{month:02d}-(?:{days})")
    return "(?:" + "|".join(months) + ")"


def date_pattern(low: date, high: date) -> str:
    """Return an anchored pattern matching YYYY-MM-DD for every day from low to high."""
    parts = []
    middle = range(low.year + 1, high.year)
    common = [year for year in middle if not calendar.isleap(year)]
    leap = [year for year in middle if calendar.isleap(year)]
    if common or leap:
        years = "|".join(str(year) for year in middle)
        parts.append(f"(?:{years})-{WHOLE_YEAR}")
    if leap:
        parts.append(f"(?:{'|'.join(str(year) for year in leap)})-02-29")
    for year in sorted({low.year, high.year}):
        start = low if year == low.year else date(year, 1, 1)
        end = high if year == high.year else date(year, 12, 31)
        parts.append(f"{year}-{days_of(year, start, end)}")
    return "^(?:" + "|".join(parts) + ")$"
