"""The clinic's idea of today, derived from the one clock."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from . import clock


def clinic_today(timezone_name: str) -> date:
    """Return today's date where the clinic is (from clock.now), not the server's."""
    return clock.now().astimezone(ZoneInfo(timezone_name)).date()
