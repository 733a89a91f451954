"""The one clock every timestamp and every date comes from, so tests can move it.

Code reads the time through ``now()`` only; the clinic's date is derived
from it (``dates.clinic_today``). Tests replace ``source`` (the ``clock``
fixture), which also reaches model defaults bound to ``now`` at import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def system_time() -> datetime:
    """Return the operating system's current time in UTC."""
    return datetime.now(UTC)


# What now() reads; only tests put another clock here.
source: Callable[[], datetime] = system_time


def now() -> datetime:
    """Return the current time in UTC, the only zone stored."""
    return source()
