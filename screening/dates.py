"""Date checks shared by the form and the API, and the clinic's idea of today."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from . import clock

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
LONGEST_BOOKING_AHEAD_DAYS = 2 * 366


def clinic_today(timezone_name: str) -> date:
    """Return today's date where the clinic is (from clock.now), not the server's."""
    return clock.now().astimezone(ZoneInfo(timezone_name)).date()


def birth_date_problem(value: date, today: date) -> str | None:
    """Return why ``value`` cannot be a date of birth, or None."""
    if value > today:
        return "Date of birth must be in the past"
    if value < EARLIEST_BIRTH_DATE:
        return "Date of birth must be after 1 January 1900"
    return None


def visit_date_problem(value: date, today: date) -> str | None:
    """Return why ``value`` cannot be a planned visit date, or None."""
    if value < today:
        return "Visit date must be today or in the future"
    if (value - today).days > LONGEST_BOOKING_AHEAD_DAYS:
        return "Visit date must be within the next 2 years"
    return None
