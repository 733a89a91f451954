"""Clinic staff accounts, their server-side sessions and recovery codes."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..infra import clock
from ..infra.extensions import db
from .types import EncryptedSecret, UTCDateTime


class StaffMember(UserMixin, db.Model):
    """A clinic staff account; admins also read the audit log and export."""

    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised (normalise_email), so look-ups need no special index.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The authenticator secret, encrypted at rest with the configured key
    # (auth/keys.py); confirmed once the member proves a first code.
    totp_secret: Mapped[str | None] = mapped_column(
        "totp_secret_encrypted", EncryptedSecret(255)
    )
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted time step: a code is accepted once, never replayed.
    totp_last_step: Mapped[int | None]
    # Bumped by every reset, disable, two-factor reset, password change and
    # new set-up key: a half-finished sign-in started before it cannot finish.
    credentials_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when an admin chose the password: the member must choose another.
    must_change_password: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )

    # Set by the user loader: the session this request is signed in with.
    session_token = None

    @property
    def is_active(self) -> bool:
        """Return False once the account is disabled."""
        return self.disabled_at is None

    @property
    def has_two_factor(self) -> bool:
        """Return True when an authenticator app has been set up and confirmed."""
        return self.totp_confirmed_at is not None

    def get_id(self) -> str | None:
        """Return the session token Flask-Login keeps in the cookie.

        Keeping a server-side session token (not the account id) in the
        cookie is what lets logout and disabling make a copied cookie useless.
        """
        return self.session_token

    def __repr__(self) -> str:
        return f"<StaffMember {self.id}>"


class StaffSession(db.Model):
    """One signed-in browser; the cookie holds a token whose hash is stored here."""

    __tablename__ = "staff_session"
    __table_args__ = (Index("ix_staff_session_staff", "staff_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff: Mapped[StaffMember] = relationship()

    def __repr__(self) -> str:
        return f"<StaffSession {self.id}>"


class SetupLink(db.Model):
    """A one-time link for a new member to choose a password and set up two-factor.

    Only the hash of the token is stored: the link itself is shown once to
    the admin and emailed to the member, never kept.
    """

    __tablename__ = "staff_setup_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff: Mapped[StaffMember] = relationship()

    def __repr__(self) -> str:
        return f"<SetupLink {self.id}>"


class RecoveryCode(db.Model):
    """A single-use code for signing in without the authenticator app."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff: Mapped[StaffMember] = relationship(back_populates="recovery_codes")

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id}>"
