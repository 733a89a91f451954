"""Staff accounts managed by admins in the browser: invite, disable, roles.

No admin ever learns another member's password: a new member gets a
one-time set-up link (by email through the outbox, and shown once to the
admin) and chooses it; two-factor is set up at their first sign-in. The
functions flush and audit; the views commit.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ...infra import clock
from ...infra.database import begin_write
from ...infra.extensions import db
from ...models import Channel, SetupLink, StaffMember, Topic
from ...rules.text import N_
from ..audit import Event, record
from ..notifications import email_payload, enqueue, public_url
from .accounts import (
    AccountError,
    checked_password,
    end_every_sign_in,
    new_staff_address,
)
from .passwords import hash_password
from .sessions import hash_token
from .twofactor import reset_two_factor


def send_setup_link(staff: StaffMember, by: StaffMember) -> str:
    """Make a one-time set-up link, email it to the member and return it."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    expires = now + timedelta(hours=current_app.config["STAFF_SETUP_LINK_HOURS"])
    db.session.add(
        SetupLink(
            token_hash=hash_token(token),
            staff_id=staff.id,
            created_at=now,
            expires_at=expires,
        )
    )
    link = public_url("staff.setup_account", token=token)
    payload = email_payload("staff_setup", link=link, expires=expires)
    enqueue(Channel.EMAIL, Topic.STAFF_SETUP, staff.email, payload)
    record(Event.SETUP_LINK_SENT, staff_id=by.id, target=staff.id)
    return link


def invite_staff(email: str, by: StaffMember, *, admin: bool = False):
    """Create an account with no usable password and send its set-up link.

    Returns the account and the link, which the admin is shown once.
    """
    address = new_staff_address(email)
    # A password nobody knows, so the account cannot be used before set-up.
    staff = StaffMember(
        email=address, password_hash=hash_password(secrets.token_urlsafe(32))
    )
    staff.is_admin = admin
    db.session.add(staff)
    db.session.flush()
    record(Event.STAFF_CREATED, staff_id=by.id, target=staff.id, admin=admin)
    return staff, send_setup_link(staff, by)


def usable_link(token: str) -> SetupLink | None:
    """Return the unused, unexpired link for ``token`` of an enabled account."""
    link = db.session.scalar(select(SetupLink).filter_by(token_hash=hash_token(token)))
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= clock.now()
        or not link.staff.is_active
    ):
        return None
    return link


def use_setup_link(link: SetupLink, password: str) -> StaffMember:
    """Set the member's chosen password and spend the link (and any other)."""
    staff = link.staff
    staff.password_hash = checked_password(password, staff.email)
    staff.must_change_password = False
    now = clock.now()
    for other in db.session.scalars(select(SetupLink).filter_by(staff_id=staff.id)):
        other.used_at = other.used_at or now
    end_every_sign_in(staff)
    record(Event.SETUP_LINK_USED, staff_id=staff.id)
    return staff


def other_active_admins(staff: StaffMember) -> int:
    """Return how many enabled admins there are besides ``staff`` (rows locked)."""
    begin_write()
    admins = select(StaffMember.id).where(
        StaffMember.is_admin, StaffMember.disabled_at.is_(None)
    )
    locked = list(db.session.scalars(admins.with_for_update()))
    return len([ident for ident in locked if ident != staff.id])


def keep_an_admin(staff: StaffMember) -> None:
    """Refuse a change that would leave no enabled admin."""
    if staff.is_admin and staff.is_active and other_active_admins(staff) == 0:
        raise AccountError(
            N_("This is the only admin: make someone else an admin first")
        )


def disable_member(staff: StaffMember, by: StaffMember) -> None:
    """Disable an account and sign it out everywhere at once."""
    if staff.id == by.id:
        raise AccountError(N_("You cannot disable your own account"))
    keep_an_admin(staff)
    staff.disabled_at = staff.disabled_at or clock.now()
    end_every_sign_in(staff)
    record(Event.STAFF_DISABLED, staff_id=by.id, target=staff.id, via="browser")


def enable_member(staff: StaffMember, by: StaffMember) -> None:
    """Let a disabled account sign in again."""
    staff.disabled_at = None
    record(Event.STAFF_REENABLED, staff_id=by.id, target=staff.id)


def reset_member_two_factor(staff: StaffMember, by: StaffMember) -> None:
    """Make the member set up two-factor again at their next sign-in."""
    reset_two_factor(staff)
    end_every_sign_in(staff)
    record(Event.TWO_FACTOR_RESET, staff_id=by.id, target=staff.id, via="browser")


def set_admin(staff: StaffMember, admin: bool, by: StaffMember) -> None:
    """Make the member an admin, or remove their admin rights (never the last)."""
    if not admin:
        keep_an_admin(staff)
    staff.is_admin = admin
    event = Event.ADMIN_GRANTED if admin else Event.ADMIN_REMOVED
    record(event, staff_id=by.id, target=staff.id)


def admin_count() -> int:
    """Return how many enabled admins there are."""
    return db.session.scalar(
        select(func.count()).where(
            StaffMember.is_admin, StaffMember.disabled_at.is_(None)
        )
    )
