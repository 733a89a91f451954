"""The one clock every timestamp comes from, so tests can freeze or move it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Return the current time in UTC, the only zone stored."""
    return datetime.now(UTC)
