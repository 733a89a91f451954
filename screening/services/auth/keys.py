"""The key ring that encrypts two-factor secrets at rest, and its rotation.

Keys are Fernet keys (AES-128-CBC with HMAC-SHA256), newest first: the
newest encrypts, every key decrypts. Rotating means putting a new key in
front, restarting, running ``flask --app app rotate-totp-key`` and then
dropping the old key.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from flask import Flask, current_app
from sqlalchemy import column, select, table, update

from ...infra.config import instance_key
from ...infra.extensions import db

KEY_FILE = "totp_key"
# Read and written as stored tokens, past the model's decrypting column type.
STAFF_SECRETS = table("staff_member", column("id"), column("totp_secret_encrypted"))


class KeyConfigurationError(RuntimeError):
    """The configured TOTP encryption keys cannot be used."""


def new_key() -> str:
    """Return a fresh Fernet key."""
    return Fernet.generate_key().decode()


def configured_keys(app: Flask) -> list[str]:
    """Return the keys from TOTP_ENCRYPTION_KEYS, or the instance folder's key file."""
    keys = app.config["TOTP_ENCRYPTION_KEYS"]
    if not keys:
        keys = instance_key(Path(app.instance_path) / KEY_FILE, new_key()).splitlines()
    elif isinstance(keys, str):
        keys = keys.split(",")
    keys = [key.strip() for key in keys if key.strip()]
    if not keys:
        raise KeyConfigurationError("TOTP_ENCRYPTION_KEYS names no key")
    return keys


def key_ring(keys: list[str]) -> MultiFernet:
    """Return the key ring, naming (never showing) a key that is not a Fernet key."""
    ring = []
    for position, key in enumerate(keys, start=1):
        try:
            ring.append(Fernet(key))
        except (ValueError, TypeError):
            raise KeyConfigurationError(
                f"TOTP encryption key {position} is not a Fernet key (32 url-safe "
                "base64-encoded bytes): generate one with "
                "'flask --app app new-totp-key'"
            ) from None
    return MultiFernet(ring)


def init_totp_keys(app: Flask) -> None:
    """Check the keys at start-up and keep the key ring for the models."""
    app.extensions["totp_cipher"] = key_ring(configured_keys(app))


def rotate_totp_secrets() -> int:
    """Re-encrypt every stored secret with the newest key; return how many (flushes)."""
    ring = current_app.extensions["totp_cipher"]
    rows = db.session.execute(
        select(STAFF_SECRETS).where(STAFF_SECRETS.c.totp_secret_encrypted.is_not(None))
    ).all()
    for ident, token in rows:
        db.session.execute(
            update(STAFF_SECRETS)
            .where(STAFF_SECRETS.c.id == ident)
            .values(totp_secret_encrypted=ring.rotate(token.encode()).decode())
        )
    db.session.flush()
    return len(rows)
