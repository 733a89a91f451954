"""Database models (SQLAlchemy 2): screenings, decisions, staff and the audit log."""

from .audit import AuditEvent
from .dashboard import Tally, WeeklyTally
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
    stored_answers,
)
from .staff import RecoveryCode, SetupLink, StaffMember, StaffSession
from .tally import ScreeningTally
from .throttle import LoginThrottle

__all__ = [
    "DECISION_LABELS",
    "REFERENCE_ALPHABET",
    "AuditEvent",
    "Channel",
    "Decision",
    "DecisionKind",
    "LoginThrottle",
    "DeliveryStatus",
    "OutboxMessage",
    "RecoveryCode",
    "ReviewStatus",
    "Screening",
    "ScreeningTally",
    "SetupLink",
    "StaffMember",
    "StaffSession",
    "Tally",
    "Topic",
    "WeeklyTally",
    "new_reference",
    "new_token",
    "stored_answers",
    "review_status_after",
]
