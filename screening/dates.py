"""The clinic's idea of today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def clinic_today(timezone_name: str) -> date:
    """Return today's date where the clinic is, not where the server is."""
    return datetime.now(ZoneInfo(timezone_name)).date()
