"""A screening keeps its answers, the rules' decision, its trace and staff decisions."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..infra import clock
from ..infra.extensions import db
from ..rules import Answers, Catalogue, Kind
from ..rules.text import N_
from ..rules.validation import is_asked
from .types import UTCDateTime

if TYPE_CHECKING:
    from .staff import StaffMember

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class ReviewStatus(StrEnum):
    """Whether staff have recorded a decision on a screening yet."""

    NEW = "new"
    DECIDED = "decided"


class DecisionKind(StrEnum):
    """What a staff member decided after reviewing a screening."""

    APPROVED = "approved_for_consultation"
    DECLINED = "declined"
    MORE_INFORMATION = "needs_more_information"

    @property
    def label(self) -> str:
        """Return the wording staff see."""
        return DECISION_LABELS[self]


# In English (the CSV export); pages translate them (services/wording.py).
DECISION_LABELS = {
    DecisionKind.APPROVED: N_("Approved for consultation"),
    DecisionKind.DECLINED: N_("Declined"),
    DecisionKind.MORE_INFORMATION: N_("Needs more information"),
}


def review_status_after(kind: DecisionKind) -> ReviewStatus:
    """Return the status a decision leaves: "needs more information" keeps it open.

    The screening stays "new" in the queue (and in the tally the triggers
    keep) until a final decision, approved or declined.
    """
    if kind == DecisionKind.MORE_INFORMATION:
        return ReviewStatus.NEW
    return ReviewStatus.DECIDED


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
    # The review queue sorts by (created_at, id) and filters by outcome and
    # review status: each combination reads one index in order (keyset paging).
    __table_args__ = (
        Index("ix_screening_created", "created_at", "id"),
        Index("ix_screening_outcome_created", "outcome", "created_at", "id"),
        Index("ix_screening_status_created", "review_status", "created_at", "id"),
        Index(
            "ix_screening_status_outcome_created",
            "review_status",
            "outcome",
            "created_at",
            "id",
        ),
        # The dashboard's time to a final decision reads a range of these,
        # index only.
        Index("ix_screening_decided", "decided_at", "created_at"),
        # The work queue's cases waiting for more information, in order;
        # outcome last, so counting those not referred reads the index only.
        Index(
            "ix_screening_status_decision_created",
            "review_status",
            "latest_decision",
            "created_at",
            "id",
            "outcome",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    reference: Mapped[str] = mapped_column(
        String(16), unique=True, default=new_reference
    )
    # The form's one-time nonce: a replayed POST finds this row, never a new one.
    submission_nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    # Staff search by email address: an exact, case-insensitive indexed match.
    email_key: Mapped[str] = mapped_column(String(254), index=True)
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
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The patient ticked "Email me a link to my result". The database's
    # default alone, so an insert that names only older columns still works.
    email_result: Mapped[bool] = mapped_column(server_default=false())
    privacy_notice_version: Mapped[str] = mapped_column(String(32))
    # The language the patient read the form in: their emails and checklist
    # use it; staff see "answered in Spanish".
    language: Mapped[str] = mapped_column(String(16), server_default="en")

    as_of_date: Mapped[date]
    age: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))
    ruleset_version: Mapped[str] = mapped_column(String(120))
    # The rules' trace: every rule evaluated (matched or not, with the
    # parameter values used) and the answers that have no column of their
    # own. Screenings stored before the full trace hold a list of the rules
    # that fired; ``results`` reads both.
    trace: Mapped[Any] = mapped_column("fired_rules", JSON, default=dict)

    review_status: Mapped[str] = mapped_column(
        String(8), default=ReviewStatus.NEW, server_default=ReviewStatus.NEW
    )
    latest_decision: Mapped[str | None] = mapped_column(String(32))
    latest_decision_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the first final decision (approved or declined) closed the case.
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="screening",
        order_by="Decision.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @validates("email")
    def keep_email_key(self, _key: str, email: str) -> str:
        """Keep the lower-cased copy of the address that searches use."""
        self.email_key = email.lower()
        return email

    @property
    def results(self) -> list[dict[str, Any]]:
        """Return every rule evaluated, as stored (old screenings: those that fired)."""
        if isinstance(self.trace, list):
            return [{**fired, "matched": True} for fired in self.trace]
        return self.trace.get("rules", [])

    @property
    def fired(self) -> list[dict[str, Any]]:
        """Return the stored results of the rules that matched, in rule order."""
        return [result for result in self.results if result["matched"]]

    def answers(self, catalogue: Catalogue) -> Answers:
        """Return the stored answers in the form the rules read them."""
        return Answers.aged_on(stored_answers(self, catalogue), self.as_of_date)

    def __repr__(self) -> str:
        # Never include personal data: reprs end up in logs and tracebacks.
        return f"<Screening {self.id} {self.outcome}>"


def stored_answers(screening: Screening, catalogue: Catalogue) -> dict[str, Any]:
    """Return the answer to each catalogue question, from its column or the trace."""
    others = (
        {} if isinstance(screening.trace, list) else screening.trace.get("answers", {})
    )
    answers = {}
    for question in catalogue:
        if question.column:
            answers[question.id] = getattr(screening, question.column)
            continue
        value = others.get(question.id)
        if question.kind is Kind.DATE and value is not None:
            value = date.fromisoformat(value)
        answers[question.id] = value
    return answers


def asked_and_answered(
    screening: Screening, catalogue: Catalogue
) -> list[tuple[Any, Any]]:
    """Return each question this screening asked, with its answer.

    A question that follows another answer (the medication list after "No")
    was never asked, so it has no row to show.
    """
    answers = stored_answers(screening, catalogue)
    return [
        (question, answers[question.id])
        for question in catalogue
        if is_asked(question, answers)
    ]


class Decision(db.Model):
    """One staff decision on a screening, kept as history: never edited."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_screening", "screening_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screening.id", ondelete="CASCADE")
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    # An approval of a screening the rules found not eligible (confirmed).
    override: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    screening: Mapped[Screening] = relationship(back_populates="decisions")
    staff: Mapped[StaffMember] = relationship()

    @property
    def label(self) -> str:
        """Return the decision as staff read it, marking an override."""
        label = DecisionKind(self.kind).label
        return f"{label} (override)" if self.override else label

    def __repr__(self) -> str:
        return f"<Decision {self.id} {self.kind}>"
