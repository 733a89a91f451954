"""The clinic's profile, mail, webhook and delivery settings, checked at start-up.

Values come from ``FLASK_*`` variables, which Flask reads as JSON when they
parse (``FLASK_CLINIC_PHONE=123456`` arrives as a number), so every check
works on the text form. A bad value stops start-up with a message naming
its key; good values are normalised in place (addresses to a tuple).
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from .phones import COUNTRIES

# The same shape the patient form accepts for a phone number.
PHONE = re.compile(r"^\+?[0-9 ()-]{6,30}$")
# Text shown on pages and used as the sender's name: one line, no controls.
ONE_LINE = re.compile(r"^[^\x00-\x1f\x7f]*$")
# An address or opening hours may run over several lines.
SOME_LINES = re.compile(r"^[^\x00-\x09\x0b-\x1f\x7f]*$")
TEXT_MAX = 300


class SettingsError(ValueError):
    """A configuration value cannot be used; the message names its key."""


def as_text(value: Any) -> str:
    """Return a configured value as the text it was typed as."""
    return "" if value is None else str(value).strip()


def phone(key: str, value: Any) -> str | None:
    """Return a phone number a patient can dial, or None when unset."""
    text = as_text(value)
    if text and not PHONE.match(text):
        raise SettingsError(f"{key} must be a phone number, like +44 1632 960001")
    return text or None


def email(key: str, value: Any) -> str | None:
    """Return a well-formed email address, or None when unset."""
    text = as_text(value)
    if not text:
        return None
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise SettingsError(f"{key} must be an email address") from None
    return text


def emails(key: str, value: Any) -> tuple[str, ...]:
    """Return a comma-separated (or listed) set of email addresses as a tuple."""
    items = value if isinstance(value, list | tuple) else as_text(value).split(",")
    return tuple(email(key, item) for item in items if as_text(item))


def url(key: str, value: Any) -> str | None:
    """Return an http(s) address with a host, or None when unset."""
    text = as_text(value)
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise SettingsError(f"{key} must be an http:// or https:// address")
    return text


def text_in(pattern: re.Pattern) -> Callable[[str, Any], str | None]:
    """Return a check for short text matching ``pattern`` (None when unset)."""

    def check(key: str, value: Any) -> str | None:
        text = as_text(value)
        if len(text) > TEXT_MAX or not pattern.match(text):
            raise SettingsError(
                f"{key} must be text of at most {TEXT_MAX} characters "
                "without control characters"
            )
        return text or None

    return check


def whole(low: int, high: int) -> Callable[[str, Any], int]:
    """Return a check for a whole number between ``low`` and ``high``."""

    def check(key: str, value: Any) -> int:
        text = as_text(value)
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            raise SettingsError(f"{key} must be a whole number from {low} to {high}")
        return int(text)

    return check


def flag(key: str, value: Any) -> bool:
    """Return a true/false setting."""
    if isinstance(value, bool):
        return value
    raise SettingsError(f"{key} must be true or false")


def optional(check: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    """Return ``check`` for a setting that may be left unset (None)."""

    def check_if_set(key: str, value: Any) -> Any:
        return None if not as_text(value) else check(key, value)

    return check_if_set


def country(key: str, value: Any) -> str | None:
    """Return a country code the form knows phone numbers for, or None."""
    text = as_text(value).upper()
    if text and text not in COUNTRIES:
        known = ", ".join(sorted(COUNTRIES))
        raise SettingsError(f"{key} must be one of {known}, or unset")
    return text or None


def currency(key: str, value: Any) -> str | None:
    """Return a currency symbol or code (like £ or EUR), or None."""
    text = as_text(value)
    if len(text) > 4 or not ONE_LINE.match(text) or " " in text:
        raise SettingsError(f"{key} must be a currency symbol or code, like £ or EUR")
    return text or None


def session_price(config: MutableMapping[str, Any]) -> str | None:
    """Return the clinic's price per session as patients read it, or None."""
    amount, symbol = config.get("CLINIC_SESSION_PRICE"), config.get("CLINIC_CURRENCY")
    if amount is None or not symbol:
        return None
    return f"{amount} {symbol}" if symbol.isalpha() else f"{symbol}{amount}"


def required_name(key: str, value: Any) -> str:
    """Return the clinic's name: one line of text, never empty."""
    text = text_in(ONE_LINE)(key, value)
    if not text:
        raise SettingsError(f"{key} must not be empty")
    return text


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "CLINIC_NAME": required_name,
    "CLINIC_PHONE": phone,
    "CLINIC_EMAIL": email,
    "CLINIC_ADDRESS": text_in(SOME_LINES),
    "CLINIC_OPENING_HOURS": text_in(SOME_LINES),
    "CLINIC_BOOKING_URL": url,
    "CLINIC_REPLY_WORKING_DAYS": whole(1, 60),
    "CLINIC_BASE_URL": url,
    "CLINIC_CAFFEINE_REMINDER_HOURS": whole(1, 14 * 24),
    "CLINIC_COUNTRY": country,
    "CLINIC_SESSION_PRICE": optional(whole(1, 1_000_000)),
    "CLINIC_CURRENCY": currency,
    "STAFF_NOTIFICATION_EMAILS": emails,
    "STAFF_NOTIFICATION_BATCH_MINUTES": whole(1, 24 * 60),
    "MAIL_SERVER": text_in(ONE_LINE),
    "MAIL_PORT": whole(1, 65535),
    "MAIL_USERNAME": text_in(ONE_LINE),
    "MAIL_USE_TLS": flag,
    "MAIL_USE_SSL": flag,
    "MAIL_DEFAULT_SENDER": email,
    "MAIL_TIMEOUT_SECONDS": whole(1, 600),
    "WEBHOOK_URL": url,
    "WEBHOOK_TIMEOUT_SECONDS": whole(1, 120),
    "DELIVERY_MAX_ATTEMPTS": whole(1, 50),
    "DELIVERY_FIRST_RETRY_SECONDS": whole(1, 24 * 3600),
    "DELIVERY_LEASE_SECONDS": whole(1, 24 * 3600),
    "DELIVERY_BATCH_SIZE": whole(1, 1000),
    "DELIVERY_POLL_SECONDS": whole(1, 3600),
}


def check_settings(config: MutableMapping[str, Any]) -> None:
    """Check and normalise every clinic and delivery key, or raise SettingsError."""
    for key, check in CHECKS.items():
        config[key] = check(key, config.get(key))
    if (config["CLINIC_SESSION_PRICE"] is None) != (config["CLINIC_CURRENCY"] is None):
        raise SettingsError("CLINIC_SESSION_PRICE and CLINIC_CURRENCY go together")
    if config["MAIL_USE_TLS"] and config["MAIL_USE_SSL"]:
        raise SettingsError("MAIL_USE_TLS and MAIL_USE_SSL cannot both be true")
    if config["MAIL_SERVER"] and not sender_address(config):
        raise SettingsError("MAIL_DEFAULT_SENDER must be set when MAIL_SERVER is")
    secret = as_text(config.get("WEBHOOK_SECRET"))
    if config["WEBHOOK_URL"] and len(secret) < 16:
        raise SettingsError("WEBHOOK_SECRET of at least 16 characters must be set")


def sender_address(config: MutableMapping[str, Any]) -> str | None:
    """Return the address messages come from: the sender, else the clinic's."""
    return config.get("MAIL_DEFAULT_SENDER") or config.get("CLINIC_EMAIL")
