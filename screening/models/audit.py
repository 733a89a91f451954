"""The append-only audit log of logins and every access to patient data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..infra import clock
from ..infra.extensions import db
from .staff import StaffMember
from .types import UTCDateTime


class AuditEvent(db.Model):
    """One audited action: who, when, what, from which address.

    Only ids and screening references are kept, never names, emails,
    answers or notes. Rows are never updated or deleted: the session
    refuses both, and a database trigger refuses UPDATE as well.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_staff", "staff_id", "id"),
        Index("ix_audit_event_screening", "screening_reference", "id"),
        # The audit page's date range.
        Index("ix_audit_event_occurred", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    event: Mapped[str] = mapped_column(String(40))
    # The account that acted or, for a login attempt, the account tried.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    # A reference, not a foreign key: the entry outlives a purged screening.
    screening_reference: Mapped[str | None] = mapped_column(String(16))
    remote_addr: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    staff: Mapped[StaffMember | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.event}>"


@event.listens_for(Session, "before_flush")
def refuse_audit_changes(session: Session, _context, _instances) -> None:
    """Refuse to edit or delete an audit entry: the log is append-only."""
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AuditLogError("the audit log is append-only")


class AuditLogError(RuntimeError):
    """Something tried to change or delete an audit entry."""
