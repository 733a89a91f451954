"""Password checks with lockout: five failures lock an account for a while."""

from __future__ import annotations

import logging
import unicodedata
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..audit import Event, record
from ..extensions import db
from ..models import StaffMember
from .passwords import hash_password, needs_rehash, password_matches, spend_hashing_time

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
    """Return True while the account is locked after too many failures."""
    return staff.locked_until is not None and staff.locked_until > clock.now()


def record_failure(staff: StaffMember, reason: str) -> None:
    """Count one failed attempt, lock the account at the limit, and commit."""
    config = current_app.config
    if staff.locked_until is not None and not is_locked(staff):
        staff.failed_logins, staff.locked_until = 0, None
    staff.failed_logins += 1
    record(Event.LOGIN_FAILURE, staff_id=staff.id, reason=reason)
    if staff.failed_logins >= config["STAFF_LOCKOUT_ATTEMPTS"]:
        minutes = config["STAFF_LOCKOUT_MINUTES"]
        staff.locked_until = clock.now() + timedelta(minutes=minutes)
        staff.failed_logins = 0
        record(Event.LOGIN_LOCKOUT, staff_id=staff.id, minutes=minutes)
        log.warning("staff account %s locked for %s minutes", staff.id, minutes)
    db.session.commit()


def refuse(staff: StaffMember | None, reason: str) -> None:
    """Record a refused attempt that does not count towards the lockout."""
    record(Event.LOGIN_FAILURE, staff_id=staff.id if staff else None, reason=reason)
    db.session.commit()


def check_password(email: str, password: str) -> StaffMember | None:
    """Return the account when the password is right and it may sign in.

    Unknown, disabled and locked accounts cost a hash verification too, so
    the answer time tells nothing; the caller shows one generic message.
    """
    staff = find_staff(email)
    if staff is None or not staff.is_active or is_locked(staff):
        spend_hashing_time(password)
        reason = (
            "unknown-account"
            if staff is None
            else "disabled"
            if not staff.is_active
            else "locked"
        )
        refuse(staff, reason)
        return None
    if not password_matches(staff.password_hash, password):
        record_failure(staff, "bad-password")
        return None
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        db.session.commit()
    return staff


def record_success(staff: StaffMember, method: str) -> None:
    """Clear the failure count and audit the completed sign-in (caller commits)."""
    staff.failed_logins, staff.locked_until = 0, None
    record(Event.LOGIN_SUCCESS, staff_id=staff.id, method=method)
