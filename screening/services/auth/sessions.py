"""Server-side staff sessions: the cookie carries a token, the database decides.

Logging out or disabling an account ends its session rows, so a copied
cookie stops working at once; idle and absolute timeouts end them too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ...infra import clock
from ...infra.extensions import db
from ...models import StaffMember, StaffSession

# Writing last_seen_at on every request would cost a write per page view.
TOUCH_INTERVAL = timedelta(seconds=60)


def hash_token(token: str) -> str:
    """Return the stored form of a session token (256 random bits need no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(staff: StaffMember) -> str:
    """Store a new session for ``staff`` and return its token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        StaffSession(
            token_hash=hash_token(token),
            staff_id=staff.id,
            created_at=now,
            last_seen_at=now,
        )
    )
    return token


def end_session(token: str | None) -> None:
    """End the session with this token, if it is still open."""
    if token:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.token_hash == hash_token(token))
            .where(StaffSession.ended_at.is_(None))
            .values(ended_at=clock.now())
        )


def end_all_sessions(staff_id: int, keep_token: str | None = None) -> None:
    """End every open session of one account but the one holding ``keep_token``."""
    query = (
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id)
        .where(StaffSession.ended_at.is_(None))
    )
    if keep_token:
        query = query.where(StaffSession.token_hash != hash_token(keep_token))
    db.session.execute(query.values(ended_at=clock.now()))


def session_expired(staff_session: StaffSession) -> bool:
    """Return True when the session has been idle or open for too long."""
    config = current_app.config
    now = clock.now()
    idle = timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"])
    absolute = timedelta(minutes=config["STAFF_SESSION_ABSOLUTE_MINUTES"])
    return (
        now - staff_session.last_seen_at >= idle
        or now - staff_session.created_at >= absolute
    )


def load_staff(token: str) -> StaffMember | None:
    """Return the staff member signed in with ``token`` (Flask-Login's loader).

    An expired session is ended and a live one's last use noted (flushed);
    the staff area's guard commits them (staff/__init__.py, require_staff).
    """
    staff_session = db.session.scalar(
        select(StaffSession)
        .filter_by(token_hash=hash_token(token))
        .options(joinedload(StaffSession.staff))  # one query on every staff page
    )
    if staff_session is None or staff_session.ended_at is not None:
        return None
    staff = staff_session.staff
    if not staff.is_active or session_expired(staff_session):
        staff_session.ended_at = clock.now()
        db.session.flush()
        return None
    if clock.now() - staff_session.last_seen_at >= TOUCH_INTERVAL:
        staff_session.last_seen_at = clock.now()
        db.session.flush()
    staff.session_token = token
    return staff


def end_current_session() -> None:
    """End the session this browser is signed in with, if any."""
    end_session(getattr(current_user, "session_token", None))


def sign_in(staff: StaffMember) -> None:
    """Replace whatever the browser held with a fresh, server-side session."""
    end_current_session()
    session.clear()
    staff.session_token = start_session(staff)
    login_user(staff)


def sign_out(staff: StaffMember) -> None:
    """End the server-side session and empty the cookie."""
    end_session(staff.session_token)
    logout_user()
    session.clear()
