"""The audit trail: one ``record`` call for every audited action.

Entries name staff by id and screenings by reference only; names, emails,
answers and notes never go into the audit log or the application log.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from flask import has_request_context, request

from ..infra import clock
from ..infra.extensions import db
from ..models import AuditEvent

log = logging.getLogger(__name__)


class Event(StrEnum):
    """Every kind of audited action."""

    LOGIN_SUCCESS = "login.success"
    LOGIN_FAILURE = "login.failure"
    LOGIN_LOCKOUT = "login.lockout"
    LOGOUT = "logout"
    TWO_FACTOR_ENABLED = "two_factor.enabled"
    RECOVERY_CODE_USED = "two_factor.recovery_code_used"
    SCREENING_VIEWED = "screening.viewed"
    SCREENING_DECIDED = "screening.decided"
    SCREENING_SELF_DELETED = "screening.self_deleted"
    SCREENING_SELF_DOWNLOADED = "screening.self_downloaded"
    EXPORT = "export"
    PURGE = "purge"
    STAFF_CREATED = "staff.created"
    STAFF_DISABLED = "staff.disabled"
    PASSWORD_RESET = "staff.password_reset"  # noqa: S105 (an event name)
    TWO_FACTOR_RESET = "staff.two_factor_reset"
    PASSWORD_CHANGED = "staff.password_changed"  # noqa: S105 (an event name)
    PASSWORD_CHANGE_REFUSED = "staff.password_change_refused"  # noqa: S105
    DELIVERY_RETRIED = "delivery.retried"


def record(
    event: Event,
    *,
    staff_id: int | None = None,
    screening_reference: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit entry to the current transaction; the caller commits it."""
    entry = AuditEvent(
        occurred_at=clock.now(),
        event=str(event),
        staff_id=staff_id,
        screening_reference=screening_reference,
        remote_addr=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    db.session.add(entry)
    log.info("audit %s staff=%s screening=%s", event, staff_id, screening_reference)
    return entry
