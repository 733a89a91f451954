"""Staff account administration, used by the command line."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from .. import clock
from ..audit import Event, record
from ..extensions import db
from ..models import StaffMember
from .login import find_staff, normalise_email
from .passwords import hash_password, password_problem
from .sessions import end_all_sessions
from .throttle import forget_failures
from .twofactor import reset_two_factor


class AccountError(ValueError):
    """The account change cannot be made; the message says why."""


def existing_staff(email: str) -> StaffMember:
    """Return the account with this email address or raise AccountError."""
    staff = find_staff(email)
    if staff is None:
        raise AccountError("No staff account has that email address.")
    return staff


def checked_password(password: str, email: str) -> str:
    """Return the argon2 hash of ``password`` when the password rules allow it."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem + ".")
    return hash_password(password)


def create_staff(email: str, password: str, *, admin: bool = False) -> StaffMember:
    """Create an account that must set up two-factor sign-in at first login."""
    try:
        address = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise AccountError("That is not a valid email address.") from None
    address = normalise_email(address)
    if find_staff(address) is not None:
        raise AccountError("A staff account with that email address exists already.")
    staff = StaffMember(
        email=address, password_hash=checked_password(password, address), is_admin=admin
    )
    db.session.add(staff)
    db.session.flush()
    record(Event.STAFF_CREATED, staff_id=staff.id, admin=admin, via="cli")
    db.session.commit()
    return staff


def disable_staff(email: str) -> StaffMember:
    """Disable an account and end its sessions at once."""
    staff = existing_staff(email)
    if staff.disabled_at is None:
        staff.disabled_at = clock.now()
    end_all_sessions(staff.id)
    record(Event.STAFF_DISABLED, staff_id=staff.id, via="cli")
    db.session.commit()
    return staff


def reset_password(email: str, password: str) -> StaffMember:
    """Set a new password, unlock the account and end its sessions."""
    staff = existing_staff(email)
    staff.password_hash = checked_password(password, staff.email)
    forget_failures(staff.id, everywhere=True)
    end_all_sessions(staff.id)
    record(Event.PASSWORD_RESET, staff_id=staff.id, via="cli")
    db.session.commit()
    return staff


def reset_staff_two_factor(email: str) -> StaffMember:
    """Make the member set up two-factor again (lost phone and recovery codes)."""
    staff = existing_staff(email)
    reset_two_factor(staff)
    end_all_sessions(staff.id)
    record(Event.TWO_FACTOR_RESET, staff_id=staff.id, via="cli")
    db.session.commit()
    return staff
