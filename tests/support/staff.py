"""Staff accounts for tests, with two-factor already set up as sign-in leaves it."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp

from screening.infra import clock
from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth.accounts import create_staff

STAFF_PASSWORD = "a quiet harbour at dawn"
# A Fernet key for apps and live servers that must read each other's rows.
TEST_TOTP_KEY = "-FP4phd2yyJej20ixhceJiG_nel5Tw-pmql8wrBsGTY="  # noqa: S105 (a test key)


def add_staff(
    email: str,
    password: str,
    *,
    admin: bool = False,
    two_factor: bool = True,
    must_change: bool = False,
) -> tuple[StaffMember, str | None]:
    """Create an account; return it and its authenticator secret (None without).

    Like create-staff, but the member has already chosen their own password
    unless must_change. Needs an application context.
    """
    member = create_staff(email, password, admin=admin)
    member.must_change_password = must_change
    secret = None
    if two_factor:
        secret = member.totp_secret = pyotp.random_base32()
        member.totp_confirmed_at = clock.now()
    db.session.commit()
    return member, secret


@dataclass(frozen=True)
class StaffAccount:
    """A staff member made for a test, with what it takes to sign in."""

    id: int
    email: str
    password: str
    totp_secret: str | None


def next_totp_code(app, account: StaffAccount) -> str:
    """Return a code the server has not accepted yet (one step ahead if need be)."""
    totp = pyotp.TOTP(account.totp_secret)
    step = totp.timecode(clock.now())
    with app.app_context():
        last = db.session.get(StaffMember, account.id).totp_last_step
    if last is not None and last >= step:
        step = last + 1
    return totp.generate_otp(step)
