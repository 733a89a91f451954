"""Staff accounts for tests, with two-factor already set up as sign-in leaves it."""

from __future__ import annotations

import pyotp

from screening.infra import clock
from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth.accounts import create_staff

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
