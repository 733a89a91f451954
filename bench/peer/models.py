"""The peer's one table: a stored screening."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from . import db


def new_token() -> str:
    """Return a result page's unguessable token."""
    return secrets.token_urlsafe(16)


class PeerScreening(db.Model):
    """One patient's answers and the outcome the rules gave."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date]
    visit_date: Mapped[date | None]
    answers: Mapped[dict] = mapped_column(JSON)
    treatment_areas: Mapped[list] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list] = mapped_column(JSON)
