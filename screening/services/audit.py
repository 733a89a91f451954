"""The audit trail: one ``record`` call for every audited action.

Entries name staff by id and screenings by reference only; names, emails,
answers and notes never go into the audit log or the application log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from flask import has_request_context, request

from ..infra import clock
from ..infra.extensions import db
from ..infra.languages import translated
from ..models import AuditEvent
from ..rules.text import N_

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
# In English, as the CSV export writes them; the page translates them
# (``event_words``, ``detail_words(..., translated)``). The stored event
# names (codes) are never translated.
EVENT_LABELS = {
    Event.LOGIN_SUCCESS: N_("Signed in"),
    Event.LOGIN_FAILURE: N_("Sign-in refused"),
    Event.LOGIN_LOCKOUT: N_("Sign-in paused after repeated failures"),
    Event.LOGOUT: N_("Signed out"),
    Event.TWO_FACTOR_ENABLED: N_("Set up two-factor sign-in"),
    Event.RECOVERY_CODE_USED: N_("Signed in with a recovery code"),
    Event.SCREENING_VIEWED: N_("Looked at a screening"),
    Event.SCREENING_DECIDED: N_("Recorded a decision"),
    Event.SCREENING_SELF_DELETED: N_("Patient deleted their screening"),
    Event.SCREENING_SELF_DOWNLOADED: N_("Patient downloaded their own answers"),
    Event.EXPORT: N_("Downloaded screenings as CSV"),
    Event.PURGE: N_("Deleted screenings past the retention period"),
    Event.STAFF_CREATED: N_("Staff account created"),
    Event.STAFF_DISABLED: N_("Staff account disabled"),
    Event.PASSWORD_RESET: N_("Password reset by an admin"),
    Event.TWO_FACTOR_RESET: N_("Two-factor sign-in reset"),
    Event.PASSWORD_CHANGED: N_("Changed their password"),
    Event.PASSWORD_CHANGE_REFUSED: N_(
        "Password change refused: wrong current password"
    ),
    Event.DELIVERY_RETRIED: N_("Asked for a failed message to be sent again"),
    Event.STAFF_REENABLED: N_("Staff account enabled again"),
    Event.ADMIN_GRANTED: N_("Made an admin"),
    Event.ADMIN_REMOVED: N_("Admin rights removed"),
    Event.SETUP_LINK_SENT: N_("Set-up link sent"),
    Event.SETUP_LINK_USED: N_("Set-up link used: password chosen"),
    Event.AUDIT_EXPORTED: N_("Downloaded the audit log as CSV"),
}
# The detail's keys and values in words; others are shown as stored.
DETAIL_NAMES = {
    "view": N_("Page"),
    "decision": N_("Decision"),
    "override": N_("Override of the rules' outcome"),
    "admin": N_("Admin"),
    "via": N_("Done from"),
    "reason": N_("Reason"),
    "minutes": N_("Minutes to wait"),
    "method": N_("With"),
    "remaining": N_("Recovery codes left"),
    "count": N_("Screenings deleted"),
    "older_than_days": N_("Older than (days)"),
    "outcome": N_("Outcome filter"),
    "status": N_("Review status filter"),
    "rows": N_("Rows"),
    "delivery": N_("Message"),
    "topic": N_("Message type"),
    "by": N_("By staff member"),
    "target": N_("Account"),
    "staff": N_("Staff filter"),
    "screening": N_("Screening filter"),
    "from": N_("From date"),
    "to": N_("To date"),
}
DETAIL_VALUES = {
    True: N_("yes"),
    False: N_("no"),
    "cli": N_("the command line"),
    "browser": N_("the browser"),
    "detail": N_("screening details"),
    "summary": N_("printable summary"),
    "password": N_("password only (two-factor not required)"),
    "totp": N_("authenticator code"),
    "recovery-code": N_("recovery code"),
    "locked": N_("account paused after failures"),
    "bad-password": N_("wrong password"),
    "bad-code": N_("wrong security code"),
    "unknown-account": N_("no account with that email address"),
    "disabled": N_("account disabled"),
    "approved_for_consultation": N_("approved for consultation"),
    "declined": N_("declined"),
    "needs_more_information": N_("needs more information"),
    "needs_review": N_("needs review"),
    "eligible": N_("eligible"),
    "not_eligible": N_("not eligible"),
    "new": N_("new"),
    "decided": N_("decided"),
}


def english(text: str) -> str:
    """Return ``text`` as it is: the English of the CSV export."""
    return text


def detail_words(
    detail: dict[str, Any], say: Callable[[str], str] = english
) -> list[tuple[str, str]]:
    """Return an entry's detail as (name, value) pairs in plain words.

    In English unless ``say`` translates them; names and values without
    words here are shown as stored.
    """
    pairs = []
    for key, value in detail.items():
        name = say(DETAIL_NAMES[key]) if key in DETAIL_NAMES else None
        known = isinstance(value, bool | str) and value in DETAIL_VALUES
        pairs.append(
            (
                name or key.replace("_", " ").capitalize(),
                say(DETAIL_VALUES[value]) if known else str(value),
            )
        )
    return pairs


def detail_on_page(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """Return an entry's detail in the reader's language, for the audit page."""
    return detail_words(detail, translated)


def event_label(event: str) -> str:
    """Return the words for a stored event name (one no longer known: as stored)."""
    try:
        return Event(event).label
    except ValueError:
        return event


def event_words(event: str) -> str:
    """Return the words for a stored event name in the reader's language."""
    try:
        return translated(Event(event).label)
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
