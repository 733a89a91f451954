"""The one clock every timestamp and every date comes from, so tests can move it.

Code reads the time through ``now()`` only; the clinic's date is derived
from it (``clinic_today``). Tests replace ``source`` (the ``clock``
fixture), which also reaches model defaults bound to ``now`` at import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def system_time() -> datetime:
    """Return the operating system's current time in UTC."""
    return datetime.now(UTC)


# What now() reads; only tests put another clock here.
source: Callable[[], datetime] = system_time


def now() -> datetime:
    """Return the current time in UTC, the only zone stored."""
    return source()


def clinic_today(timezone_name: str) -> date:
    """Return today's date where the clinic is (from clock.now), not the server's."""
    return now().astimezone(ZoneInfo(timezone_name)).date()
