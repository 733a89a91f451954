"""Two-factor sign-in: TOTP codes accepted once each, hashed recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

import pyotp
import qrcode
from flask import current_app
from qrcode.image.svg import SvgPathFillImage
from sqlalchemy import delete, select, update

from ...infra import clock
from ...infra.extensions import db
from ...models import RecoveryCode, StaffMember

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Codes one step either side of now are accepted: phones' clocks drift.
ACCEPTED_STEPS = (-1, 0, 1)
TOTP_PATTERN = re.compile(r"^[0-9]{6}$")


def new_secret() -> str:
    """Return a new random authenticator secret (160 bits, base32)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(staff: StaffMember) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(staff.totp_secret).provisioning_uri(
        name=staff.email, issuer_name=current_app.config["CLINIC_NAME"]
    )


def qr_code_data_uri(text: str) -> str:
    """Return ``text`` as a QR code in an SVG data URI (no Pillow, no inline style)."""
    image = qrcode.make(text, image_factory=SvgPathFillImage, box_size=10)
    svg = image.to_string(encoding="unicode").encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def matching_step(secret: str, code: str, after_step: int | None) -> int | None:
    """Return the time step ``code`` belongs to, if it is current and unused."""
    code = re.sub(r"\s", "", code)
    if not TOTP_PATTERN.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(clock.now())
    for offset in ACCEPTED_STEPS:
        step = current + offset
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_totp(staff: StaffMember, code: str) -> bool:
    """Return True when ``code`` is valid now and has never been used (then burn it).

    The conditional UPDATE makes two requests racing with one code accept
    it once only.
    """
    if not staff.totp_secret:
        return False
    step = matching_step(staff.totp_secret, code, staff.totp_last_step)
    if step is None:
        return False
    burned = db.session.execute(
        update(StaffMember)
        .where(StaffMember.id == staff.id)
        .where(
            (StaffMember.totp_last_step.is_(None)) | (StaffMember.totp_last_step < step)
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session="fetch")
    )
    return burned.rowcount == 1


def normalise_recovery_code(code: str) -> str:
    """Return the code without spaces or dashes, upper-cased."""
    return re.sub(r"[\s-]", "", code).upper()


def hash_recovery_code(code: str) -> str:
    """Return the stored form of a recovery code.

    Codes carry 80 random bits, so a salted slow hash would add nothing
    against guessing; a plain digest allows an indexed look-up.
    """
    return hashlib.sha256(normalise_recovery_code(code).encode()).hexdigest()


def new_recovery_codes(staff: StaffMember) -> list[str]:
    """Replace the account's recovery codes; return the new ones to show once."""
    db.session.execute(delete(RecoveryCode).filter_by(staff_id=staff.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    db.session.add_all(
        RecoveryCode(staff_id=staff.id, code_hash=hash_recovery_code(code))
        for code in codes
    )
    return codes


def accept_recovery_code(staff: StaffMember, code: str) -> bool:
    """Return True when ``code`` is one of the account's unused codes (then use it)."""
    found = db.session.scalar(
        select(RecoveryCode)
        .filter_by(staff_id=staff.id, code_hash=hash_recovery_code(code))
        .where(RecoveryCode.used_at.is_(None))
    )
    if found is None:
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == found.id)
        .where(RecoveryCode.used_at.is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    return used.rowcount == 1


def remaining_recovery_codes(staff: StaffMember) -> int:
    """Return how many recovery codes the account has left."""
    return sum(1 for code in staff.recovery_codes if code.used_at is None)


def draw_setup_key(staff: StaffMember) -> int:
    """Replace the unconfirmed key with a new one; return the new credentials version.

    One statement draws the key and bumps the version, so two sign-ins
    reaching set-up together get different versions, and only the later
    one can still show or confirm the key on the row.
    """
    version = db.session.execute(
        update(StaffMember)
        .where(StaffMember.id == staff.id)
        .values(
            totp_secret=new_secret(),
            totp_last_step=None,
            credentials_version=StaffMember.credentials_version + 1,
        )
        .returning(StaffMember.credentials_version)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return version


def confirm_setup(staff: StaffMember, code: str) -> list[str] | None:
    """Turn two-factor on when ``code`` proves the app works; return recovery codes.

    The key confirmed must still be the one this sign-in was shown: the
    update only applies at the credentials version the key was drawn with.
    """
    version = staff.credentials_version
    if staff.has_two_factor or not accept_totp(staff, code):
        return None
    confirmed = db.session.execute(
        update(StaffMember)
        .where(StaffMember.id == staff.id)
        .where(StaffMember.credentials_version == version)
        .where(StaffMember.totp_confirmed_at.is_(None))
        .values(totp_confirmed_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    if confirmed.rowcount != 1:
        return None
    return new_recovery_codes(staff)


def reset_two_factor(staff: StaffMember) -> None:
    """Forget the authenticator and recovery codes (set up again at next sign-in)."""
    staff.totp_secret = None
    staff.totp_confirmed_at = None
    staff.totp_last_step = None
    db.session.execute(delete(RecoveryCode).filter_by(staff_id=staff.id))
