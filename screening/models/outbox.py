"""The outbox: messages written with the change that causes them, sent later."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..infra.extensions import db
from .types import UTCDateTime

if TYPE_CHECKING:
    from .screening import Screening


class Channel(StrEnum):
    """How a message leaves: email, webhook, or a staff notice to be combined."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    # Not sent itself: the deliverer combines notices into one staff email.
    STAFF_NOTICE = "staff_notice"


class Topic(StrEnum):
    """What a message is about; staff see this, never the body."""

    PATIENT_SUBMITTED = "patient.submitted"
    PATIENT_DECIDED = "patient.decided"
    STAFF_NEEDS_REVIEW = "staff.needs_review"
    STAFF_DIGEST = "staff.digest"
    SCREENING_CREATED = "screening.created"
    DECISION_RECORDED = "decision.recorded"
    STAFF_SETUP = "staff.setup"


class DeliveryStatus(StrEnum):
    """Where a message is in its life."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # A staff notice folded into a staff digest.
    COMBINED = "combined"


def new_delivery_id() -> str:
    """Return the id a message keeps across retries (its Message-ID's left part)."""
    return uuid.uuid4().hex


class OutboxMessage(db.Model):
    """One message to deliver at least once, retried with growing delays.

    A patient's message belongs to the screening (deleted with it, address
    and all); staff and webhook messages hold no personal data.
    """

    __tablename__ = "outbox_message"
    # The deliverer reads due messages in order; admins list failed ones.
    __table_args__ = (Index("ix_outbox_message_due", "status", "due_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_delivery_id
    )
    channel: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    screening_id: Mapped[int | None] = mapped_column(
        ForeignKey("screening.id", ondelete="CASCADE"), index=True
    )
    # An email address or the webhook's URL.
    recipient: Mapped[str | None] = mapped_column(String(2048))
    # Email: subject, text and html; webhook: the raw JSON body; notice: a link.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When it may next be tried; a claimed message's lease ends then.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The error's type or status code only: messages can quote an address.
    last_error: Mapped[str | None] = mapped_column(String(200))

    screening: Mapped[Screening | None] = relationship()

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.topic} {self.status}>"
