"""What the patient and staff forms share: cleaned text, limits, the email address."""

from __future__ import annotations

import re

from wtforms import EmailField
from wtforms.validators import DataRequired, Length

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The longest address SMTP carries (RFC 5321's forward path, less its brackets).
EMAIL_MAX = 254


def cleaned_text(value: str | None) -> str | None:
    """Trim what was typed and drop control characters (PostgreSQL refuses NUL).

    Phones often add a space after an autocompleted email address.
    """
    return CONTROL_CHARACTERS.sub("", value).strip() if value else value


FREE_TEXT = [cleaned_text]


def at_most(limit: int, name: str) -> Length:
    """Return a length limit whose message names the answer and the limit."""
    return Length(max=limit, message=f"{name} must be {limit} characters or fewer")


def email_address(*checks, description: str = "") -> EmailField:
    """Return a required email address field; ``checks`` validate it further."""
    return EmailField(
        "Email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter your email address"),
            at_most(EMAIL_MAX, "Email address"),
            *checks,
        ],
        description=description,
    )
