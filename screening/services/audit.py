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
    STAFF_REENABLED = "staff.reenabled"
    ADMIN_GRANTED = "staff.admin_granted"
    ADMIN_REMOVED = "staff.admin_removed"
    SETUP_LINK_SENT = "staff.setup_link_sent"
    SETUP_LINK_USED = "staff.setup_link_used"
    AUDIT_EXPORTED = "audit.exported"

    @property
    def label(self) -> str:
        """Return what happened, in the words an admin reads."""
        return EVENT_LABELS[self]


# Every event needs its words here: a test fails for an event without them.
EVENT_LABELS = {
    Event.LOGIN_SUCCESS: "Signed in",
    Event.LOGIN_FAILURE: "Sign-in refused",
    Event.LOGIN_LOCKOUT: "Sign-in paused after repeated failures",
    Event.LOGOUT: "Signed out",
    Event.TWO_FACTOR_ENABLED: "Set up two-factor sign-in",
    Event.RECOVERY_CODE_USED: "Signed in with a recovery code",
    Event.SCREENING_VIEWED: "Looked at a screening",
    Event.SCREENING_DECIDED: "Recorded a decision",
    Event.SCREENING_SELF_DELETED: "Patient deleted their screening",
    Event.SCREENING_SELF_DOWNLOADED: "Patient downloaded their own answers",
    Event.EXPORT: "Downloaded screenings as CSV",
    Event.PURGE: "Deleted screenings past the retention period",
    Event.STAFF_CREATED: "Staff account created",
    Event.STAFF_DISABLED: "Staff account disabled",
    Event.PASSWORD_RESET: "Password reset by an admin",
    Event.TWO_FACTOR_RESET: "Two-factor sign-in reset",
    Event.PASSWORD_CHANGED: "Changed their password",
    Event.PASSWORD_CHANGE_REFUSED: "Password change refused: wrong current password",
    Event.DELIVERY_RETRIED: "Asked for a failed message to be sent again",
    Event.STAFF_REENABLED: "Staff account enabled again",
    Event.ADMIN_GRANTED: "Made an admin",
    Event.ADMIN_REMOVED: "Admin rights removed",
    Event.SETUP_LINK_SENT: "Set-up link sent",
    Event.SETUP_LINK_USED: "Set-up link used: password chosen",
    Event.AUDIT_EXPORTED: "Downloaded the audit log as CSV",
}
# The detail's keys and values in words; others are shown as stored.
DETAIL_NAMES = {
    "view": "Page",
    "decision": "Decision",
    "override": "Override of the rules' outcome",
    "admin": "Admin",
    "via": "Done from",
    "reason": "Reason",
    "minutes": "Minutes to wait",
    "method": "With",
    "remaining": "Recovery codes left",
    "count": "Screenings deleted",
    "older_than_days": "Older than (days)",
    "outcome": "Outcome filter",
    "status": "Review status filter",
    "rows": "Rows",
    "delivery": "Message",
    "topic": "Message type",
    "by": "By staff member",
    "target": "Account",
    "staff": "Staff filter",
    "screening": "Screening filter",
    "from": "From date",
    "to": "To date",
}
DETAIL_VALUES = {
    True: "yes",
    False: "no",
    "cli": "the command line",
    "browser": "the browser",
    "detail": "screening details",
    "summary": "printable summary",
    "password": "password only (two-factor not required)",
    "totp": "authenticator code",
    "recovery-code": "recovery code",
    "locked": "account paused after failures",
    "bad-password": "wrong password",
    "bad-code": "wrong security code",
    "unknown-account": "no account with that email address",
    "disabled": "account disabled",
    "approved_for_consultation": "approved for consultation",
    "declined": "declined",
    "needs_more_information": "needs more information",
    "needs_review": "needs review",
    "eligible": "eligible",
    "not_eligible": "not eligible",
    "new": "new",
    "decided": "decided",
}


def detail_words(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """Return an entry's detail as (name, value) pairs in plain words."""
    return [
        (
            DETAIL_NAMES.get(key, key.replace("_", " ").capitalize()),
            DETAIL_VALUES.get(value, str(value))
            if isinstance(value, bool | str)
            else str(value),
        )
        for key, value in detail.items()
    ]


def event_label(event: str) -> str:
    """Return the words for a stored event name (one no longer known: as stored)."""
    try:
        return Event(event).label
    except ValueError:
        return event


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
