"""A clock that stands still until a test moves it (see the ``clock`` fixture)."""

from __future__ import annotations

from datetime import datetime, timedelta


class FrozenClock:
    """A stand-in for the system time behind ``screening.infra.clock.now``."""

    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        """Return the moment the clock stands at."""
        return self.current

    def advance(self, **delta) -> None:
        """Move the clock forward by a ``timedelta``'s keyword arguments."""
        self.current += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        """Move the clock to ``moment`` (aware, any zone)."""
        self.current = moment
