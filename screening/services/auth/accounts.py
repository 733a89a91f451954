"""Staff account administration (the command line and the accounts pages).

Each function changes rows and flushes; its caller commits (unit_of_work).
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from ...infra import clock
from ...infra.extensions import db
from ...models import StaffMember
from ...rules.text import N_
from ..audit import Event, record
from .login import find_staff, normalise_email
from .passwords import hash_password, password_matches, password_problem
from .sessions import end_all_sessions
from .throttle import forget_failures
from .twofactor import reset_two_factor


class AccountError(ValueError):
    """The account change cannot be made; the message says why.

    The message is English (the command line prints it); ``words`` is the
    same sentence as marked for the catalogues (``N_`` or ``Message``), which
    the pages show in the reader's language with ``translated``.
    """

    def __init__(self, message: str, words: str | None = None) -> None:
        super().__init__(message)
        self.words = message if words is None else words


class WrongCurrentPassword(AccountError):
    """The member changing their password did not give their current one."""


def existing_staff(email: str) -> StaffMember:
    """Return the account with this email address or raise AccountError."""
    staff = find_staff(email)
    if staff is None:
        raise AccountError(N_("No staff account has that email address."))
    return staff


def end_every_sign_in(staff: StaffMember, keep_token: str | None = None) -> None:
    """End every session and every half-finished sign-in of the account.

    Bumping the credentials version is what ends the half-finished ones: a
    sign-in remembers the version it started from (auth/flow.py).
    """
    staff.credentials_version += 1
    end_all_sessions(staff.id, keep_token=keep_token)


def checked_password(password: str, email: str) -> str:
    """Return the argon2 hash of ``password`` when the password rules allow it."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem + ".", words=problem)
    return hash_password(password)


def new_staff_address(email: str) -> str:
    """Return the normalised address for a new account, or raise AccountError."""
    try:
        address = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise AccountError(N_("That is not a valid email address.")) from None
    address = normalise_email(address)
    if find_staff(address) is not None:
        raise AccountError(
            N_("A staff account with that email address exists already.")
        )
    return address


def create_staff(email: str, password: str, *, admin: bool = False) -> StaffMember:
    """Create an account that must choose a new password and set up two-factor."""
    address = new_staff_address(email)
    staff = StaffMember(
        email=address,
        password_hash=checked_password(password, address),
        is_admin=admin,
        must_change_password=True,
    )
    db.session.add(staff)
    db.session.flush()
    record(Event.STAFF_CREATED, staff_id=staff.id, admin=admin, via="cli")
    return staff


def disable_staff(email: str) -> StaffMember:
    """Disable an account and end its sessions at once."""
    staff = existing_staff(email)
    if staff.disabled_at is None:
        staff.disabled_at = clock.now()
    end_every_sign_in(staff)
    record(Event.STAFF_DISABLED, staff_id=staff.id, via="cli")
    db.session.flush()
    return staff


def reset_password(email: str, password: str) -> StaffMember:
    """Set a password the member must change, unlock the account, end its sign-ins."""
    staff = existing_staff(email)
    staff.password_hash = checked_password(password, staff.email)
    staff.must_change_password = True
    forget_failures(staff.id, everywhere=True)
    end_every_sign_in(staff)
    record(Event.PASSWORD_RESET, staff_id=staff.id, via="cli")
    db.session.flush()
    return staff


def reset_staff_two_factor(email: str) -> StaffMember:
    """Make the member set up two-factor again (lost phone and recovery codes)."""
    staff = existing_staff(email)
    reset_two_factor(staff)
    end_every_sign_in(staff)
    record(Event.TWO_FACTOR_RESET, staff_id=staff.id, via="cli")
    db.session.flush()
    return staff


def change_own_password(staff: StaffMember, current: str, new: str) -> None:
    """Replace the member's password, ending their other sessions (the caller commits).

    Raises AccountError when the current password is wrong (audited) or the
    new one breaks the rules; the session making the change stays open.
    """
    if not password_matches(staff.password_hash, current):
        record(Event.PASSWORD_CHANGE_REFUSED, staff_id=staff.id)
        raise WrongCurrentPassword(N_("Your current password is not right."))
    if new == current:
        raise AccountError(N_("Choose a password different from your current one."))
    staff.password_hash = checked_password(new, staff.email)
    staff.must_change_password = False
    end_every_sign_in(staff, keep_token=staff.session_token)
    record(Event.PASSWORD_CHANGED, staff_id=staff.id)
