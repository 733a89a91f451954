"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import DateTime, String
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Store aware datetimes in UTC and read them back aware on every database.

    SQLite keeps no offset and returns naive values; comparing those with
    the aware clock would fail, so they are read back as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class EncryptedSecret(TypeDecorator):
    """Store text encrypted with the application's TOTP key (Fernet tokens).

    The key ring lives in app.extensions["totp_cipher"] (auth/keys.py), so
    the model needs no key of its own and rotation changes no code.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        return current_app.extensions["totp_cipher"].encrypt(value.encode()).decode()

    def process_result_value(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        return current_app.extensions["totp_cipher"].decrypt(value.encode()).decode()
