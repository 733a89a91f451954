"""Database models (SQLAlchemy 2): screenings, decisions, staff and the audit log."""

from .audit import AuditEvent
from .outbox import Channel, DeliveryStatus, OutboxMessage, Topic
from .screening import (
    DECISION_LABELS,
    REFERENCE_ALPHABET,
    Decision,
    DecisionKind,
    ReviewStatus,
    Screening,
    new_reference,
    new_token,
    review_status_after,
    utc_now,
)
from .staff import RecoveryCode, StaffMember, StaffSession
from .tally import ScreeningTally

__all__ = [
    "DECISION_LABELS",
    "REFERENCE_ALPHABET",
    "AuditEvent",
    "Channel",
    "Decision",
    "DecisionKind",
    "DeliveryStatus",
    "OutboxMessage",
    "RecoveryCode",
    "ReviewStatus",
    "Screening",
    "ScreeningTally",
    "StaffMember",
    "StaffSession",
    "Topic",
    "new_reference",
    "new_token",
    "review_status_after",
    "utc_now",
]
