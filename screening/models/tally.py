"""How many screenings there are per outcome and review status, kept exact.

Counting the screening table on every queue page would read every row;
these few rows answer the same question at once. Database triggers
(migration 0003) change them in the same statement as every insert,
delete and status change, whoever makes it: the form, a decision, the
purge, a patient deleting their own screening, a bulk load.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..infra.extensions import db


class ScreeningTally(db.Model):
    """The number of screenings with one outcome and one review status."""

    __tablename__ = "screening_tally"

    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    review_status: Mapped[str] = mapped_column(String(8), primary_key=True)
    total: Mapped[int]

    def __repr__(self) -> str:
        return f"<ScreeningTally {self.outcome} {self.review_status} {self.total}>"
