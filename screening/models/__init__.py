"""Database models (SQLAlchemy 2): screenings, decisions, staff and the audit log."""

from .audit import AuditEvent
from .screening import (
    DECISION_LABELS,
    Decision,
    DecisionKind,
    ReviewStatus,
    Screening,
    new_reference,
    new_token,
    utc_now,
)
from .staff import RecoveryCode, StaffMember, StaffSession

__all__ = [
    "DECISION_LABELS",
    "AuditEvent",
    "Decision",
    "DecisionKind",
    "RecoveryCode",
    "ReviewStatus",
    "Screening",
    "StaffMember",
    "StaffSession",
    "new_reference",
    "new_token",
    "utc_now",
]
