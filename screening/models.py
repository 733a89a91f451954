"""Database models: a screening keeps its answers, decision and rule trace."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .rules import Answers

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def utc_now() -> datetime:
    """Return the current time in UTC, the only zone stored."""
    return datetime.now(UTC)


def new_token() -> str:
    """Return an unguessable URL token (256 random bits)."""
    return secrets.token_urlsafe(32)


def new_reference() -> str:
    """Return a short reference a patient can read out over the phone."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"MS-{characters[:5]}-{characters[5:]}"


class Screening(db.Model):
    """One patient's submitted screening, decided by the rules in force then."""

    __tablename__ = "screening"
    __table_args__ = (
        Index("ix_screening_created", "created_at", "id"),
        Index("ix_screening_outcome_created", "outcome", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    reference: Mapped[str] = mapped_column(
        String(16), unique=True, default=new_reference
    )
    # The form's one-time nonce: a replayed POST finds this row, never a new one.
    submission_nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))

    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date]
    visit_date: Mapped[date | None]
    pregnant: Mapped[str] = mapped_column(String(8))
    good_health: Mapped[bool]
    cancer_history: Mapped[bool]
    heart_arrhythmia: Mapped[bool]
    blood_clots: Mapped[bool]
    takes_medication: Mapped[bool]
    medications: Mapped[str | None] = mapped_column(Text)
    treatment_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_given_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    privacy_notice_version: Mapped[str] = mapped_column(String(32))

    as_of_date: Mapped[date]
    age: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))
    ruleset_version: Mapped[str] = mapped_column(String(120))
    fired_rules: Mapped[list[dict]] = mapped_column(JSON, default=list)

    def answers(self) -> Answers:
        """Return the stored answers in the form the rules read them."""
        return Answers(
            date_of_birth=self.date_of_birth,
            as_of=self.as_of_date,
            pregnant=self.pregnant,
            good_health=self.good_health,
            cancer_history=self.cancer_history,
            heart_arrhythmia=self.heart_arrhythmia,
            blood_clots=self.blood_clots,
            takes_medication=self.takes_medication,
        )

    def __repr__(self) -> str:
        # Never include personal data: reprs end up in logs and tracebacks.
        return f"<Screening {self.id} {self.outcome}>"
