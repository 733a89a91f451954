"""Staff accounts for tests, with two-factor already set up as sign-in leaves it."""

from __future__ import annotations

import pyotp

from screening import clock
from screening.auth.accounts import create_staff
from screening.extensions import db
from screening.models import StaffMember


def add_staff(
    email: str, password: str, *, admin: bool = False, two_factor: bool = True
) -> tuple[StaffMember, str | None]:
    """Create an account; return it and its authenticator secret (None without).

    Needs an application context.
    """
    member = create_staff(email, password, admin=admin)
    secret = None
    if two_factor:
        secret = member.totp_secret = pyotp.random_base32()
        member.totp_confirmed_at = clock.now()
        db.session.commit()
    return member, secret
