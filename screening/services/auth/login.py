"""Password checks: each attempt counted and judged before the hash is checked.

How attempts are throttled is in throttle.py; how many hashes may run at
once, in hashing.py. Every attempt, admitted or refused, is audited. The
functions flush; the sign-in page runs each step in a write transaction of
its own (staff/sign_in.py, check_password).
"""

from __future__ import annotations

import logging
import unicodedata

from sqlalchemy import select

from ...infra.extensions import db
from ...models import StaffMember
from ..audit import Event, record
from .passwords import hash_password, needs_rehash, password_matches
from .throttle import (
    Admission,
    count_attempt,
    forget_failures,
    is_waiting,
    uncount_attempt,
)

log = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    """Return the form in which staff emails are stored and looked up.

    The same at creation and sign-in: NFC, so a composed and a decomposed
    "é" are one address, then case-folded and trimmed.
    """
    return unicodedata.normalize(
        "NFC", unicodedata.normalize("NFC", email).casefold()
    ).strip()


def find_staff(email: str) -> StaffMember | None:
    """Return the account with this email address, if any."""
    return db.session.scalar(
        select(StaffMember).filter_by(email=normalise_email(email))
    )


def is_locked(staff: StaffMember) -> bool:
    """Return True while this client address must wait before trying again."""
    return is_waiting(staff.id)


def audit_failure(staff: StaffMember, reason: str, admission: Admission) -> None:
    """Audit a failed attempt, and the wait it starts."""
    record(Event.LOGIN_FAILURE, staff_id=staff.id, reason=reason)
    if admission.wait_minutes is not None:
        minutes = admission.wait_minutes
        record(Event.LOGIN_LOCKOUT, staff_id=staff.id, minutes=minutes)
        log.warning("staff account %s: an address waits %s minutes", staff.id, minutes)


def record_failure(staff: StaffMember, reason: str) -> None:
    """Count and audit one failed second step (a wrong code)."""
    audit_failure(staff, reason, count_attempt(staff.id))


def refuse(email: str, reason: str) -> None:
    """Audit an attempt refused before anything was counted."""
    staff = find_staff(email)
    record(Event.LOGIN_FAILURE, staff_id=staff.id if staff else None, reason=reason)


def admit(email: str) -> tuple[StaffMember | None, Admission | None]:
    """Count an attempt for ``email``; audit it if refused at once.

    Its caller runs it in a write transaction of its own and commits before
    the hash is checked, so concurrent attempts see each other's counts.
    """
    staff = find_staff(email)
    admission, reason = None, None
    if staff is None:
        reason = "unknown-account"
    elif not staff.is_active:
        reason = "disabled"
    else:
        admission = count_attempt(staff.id)
        reason = None if admission.admitted else "locked"
    if reason:
        record(Event.LOGIN_FAILURE, staff_id=staff.id if staff else None, reason=reason)
    return staff, admission if reason is None else None


def verify(staff: StaffMember, password: str) -> tuple[bool, str | None]:
    """Check the password; return whether it matched and a fresher hash, if due."""
    matched = password_matches(staff.password_hash, password)
    rehashed = matched and needs_rehash(staff.password_hash) and hash_password(password)
    return matched, rehashed or None


def settle(
    staff: StaffMember, admission: Admission, matched: bool, rehashed: str | None
) -> None:
    """Take back a right password's count (and store a fresher hash), or audit."""
    if matched:
        uncount_attempt(staff.id, admission)
        if rehashed:
            staff.password_hash = rehashed
    else:
        audit_failure(staff, "bad-password", admission)


def record_success(staff: StaffMember, method: str) -> None:
    """Clear this address's failures and audit the sign-in (caller commits)."""
    forget_failures(staff.id)
    record(Event.LOGIN_SUCCESS, staff_id=staff.id, method=method)
