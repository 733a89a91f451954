"""The steps of signing in: password, then a second factor, then a session.

Between the steps the browser's (signed) session remembers only which
account proved its password, when, from which credentials version, and
where to go next; it expires after a few minutes and cannot be used for
anything else. A reset, a disable, a two-factor reset or a new set-up key
bumps the account's credentials version and so ends it. The functions
flush; the sign-in pages commit each step (staff/sign_in.py).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, session, url_for

from ...infra import clock
from ...infra.extensions import db
from ...models import StaffMember
from ..audit import Event, record
from .login import is_locked, record_success
from .sessions import end_current_session, sign_in
from .twofactor import (
    accept_recovery_code,
    accept_totp,
    draw_setup_key,
    remaining_recovery_codes,
)

PENDING_KEY = "staff_pending"
PENDING_LIFETIME = timedelta(minutes=5)


def safe_next(target: str | None) -> str:
    """Return ``target`` when it is a path on this site, else the queue."""
    default = url_for("staff.work_queue")
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(character) < 32 for character in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def begin_second_step(staff: StaffMember, next_path: str, version: int) -> None:
    """Remember that ``staff`` proved the password, in a freshly cleared session."""
    end_current_session()
    session.clear()
    session[PENDING_KEY] = {
        "id": staff.id,
        "since": clock.now().timestamp(),
        "next": next_path,
        "version": version,
    }


def pending_staff() -> StaffMember | None:
    """Return the account half-way through signing in, if it still may finish."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    started = pending.get("since", 0)
    if clock.now().timestamp() - started > PENDING_LIFETIME.total_seconds():
        session.pop(PENDING_KEY, None)
        return None
    staff = db.session.get(StaffMember, pending.get("id"))
    if (
        staff is None
        or not staff.is_active
        or is_locked(staff)
        or staff.credentials_version != pending.get("version")
    ):
        session.pop(PENDING_KEY, None)
        return None
    return staff


def cancel_second_step() -> None:
    """Forget a half-finished sign-in."""
    session.pop(PENDING_KEY, None)


def after_password(staff: StaffMember, next_path: str) -> str:
    """Return where a member who gave the right password goes next."""
    if staff.has_two_factor:
        begin_second_step(staff, next_path, staff.credentials_version)
        return url_for("staff.login_code")
    if current_app.config["STAFF_TWO_FACTOR_REQUIRED"]:
        # Each sign-in gets its own key; any earlier sign-in's ends.
        version = draw_setup_key(staff)
        begin_second_step(staff, next_path, version)
        return url_for("staff.login_setup")
    complete_sign_in(staff, "password", next_path)
    return next_path


def check_second_factor(staff: StaffMember, code: str) -> str | None:
    """Return how ``code`` proved the second factor ("totp", "recovery-code")."""
    if accept_totp(staff, code):
        return "totp"
    if accept_recovery_code(staff, code):
        record(
            Event.RECOVERY_CODE_USED,
            staff_id=staff.id,
            remaining=remaining_recovery_codes(staff),
        )
        return "recovery-code"
    return None


def complete_sign_in(staff: StaffMember, method: str, next_path: str | None = None):
    """Start the real session and return where to go next."""
    pending = session.get(PENDING_KEY) or {}
    target = next_path or pending.get("next") or url_for("staff.work_queue")
    sign_in(staff)
    record_success(staff, method)
    return target
