"""How often each rule fired, per week of arrival, for the dashboard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ..infra.extensions import db


class RuleTally(db.Model):
    """The number of screenings that arrived in one week on which a rule fired.

    Written with the screening (services/store.py), so the dashboard reads
    a few rows per week instead of the rule trace of every screening. It
    counts arrivals: a screening purged later stays counted.
    """

    __tablename__ = "rule_tally"

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    rule: Mapped[str] = mapped_column(String(64), primary_key=True)
    total: Mapped[int]

    def __repr__(self) -> str:
        return f"<RuleTally {self.week} {self.rule} {self.total}>"
