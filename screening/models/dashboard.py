"""Weekly tallies for the dashboard: screenings by outcome, and rules fired."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ..infra.extensions import db


class Tally(StrEnum):
    """What a weekly tally row counts."""

    OUTCOME = "outcome"
    RULE = "rule"


class WeeklyTally(db.Model):
    """How many screenings arrived in one week with an outcome, or a rule fired.

    Written with the screening (services/store.py), so the dashboard reads
    a few dozen rows instead of counting or reading the trace of every
    screening. It counts arrivals: a screening purged later stays counted.
    """

    __tablename__ = "weekly_tally"

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    tally: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    total: Mapped[int]

    def __repr__(self) -> str:
        return f"<WeeklyTally {self.week} {self.tally} {self.name} {self.total}>"
