"""Email: build a message from the outbox and hand it to SMTP, or to a file.

The standard library's ``email.message.EmailMessage`` with the SMTP policy
refuses a carriage return or line feed in any header value, and every
recipient is checked as an address again here, so no header can be added
through a field. ``smtplib`` speaks SMTP, STARTTLS and SMTPS. With no
MAIL_SERVER the message is written to ``instance/outbox/`` as an .eml file.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email

from .clinic import sender_address

# Without MAIL_SERVER there is no sender to name: a trial's files say so.
TRIAL_SENDER = "no-reply@localhost"
DELIVERY_HEADER = "X-Screening-Delivery"


class InvalidMessage(ValueError):
    """A message that no retry can make sendable (a malformed recipient)."""


def checked_recipient(address: str) -> str:
    """Return the address if it is exactly one well-formed address."""
    try:
        validate_email(address, check_deliverability=False)
    except (EmailNotValidError, TypeError):
        raise InvalidMessage("the recipient is not one email address") from None
    return address


def build_message(
    config: Mapping[str, Any],
    *,
    delivery_id: str,
    recipient: str,
    payload: Mapping[str, str],
    created_at,
) -> EmailMessage:
    """Return the email with plain text and HTML parts and a stable Message-ID.

    The Message-ID and the X-Screening-Delivery header hold the outbox id,
    so a message sent twice after a crash is recognisable as one.
    """
    sender = sender_address(config) or TRIAL_SENDER
    domain = sender.rpartition("@")[2]
    recipient = checked_recipient(recipient)
    message = EmailMessage(policy=SMTP)
    try:
        message["From"] = Address(config["CLINIC_NAME"], addr_spec=sender)
        message["To"] = recipient
        message["Subject"] = payload["subject"]
    except ValueError as error:
        raise InvalidMessage("a header would hold a line break") from error
    message["Date"] = format_datetime(created_at)
    message["Message-ID"] = f"<{delivery_id}@{domain}>"
    message[DELIVERY_HEADER] = delivery_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    return message


def send_message(
    config: Mapping[str, Any], message: EmailMessage, outbox: Path
) -> None:
    """Send through the configured SMTP server, or write an .eml file."""
    if not config["MAIL_SERVER"]:
        write_eml(message, outbox)
        return
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    if config["MAIL_USE_SSL"]:
        context = ssl.create_default_context()
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def write_eml(message: EmailMessage, outbox: Path) -> Path:
    """Write the message owner-only, named by its delivery id (a retry overwrites)."""
    outbox.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = outbox / f"{message[DELIVERY_HEADER]}.eml"
    descriptor, temporary = tempfile.mkstemp(dir=outbox, prefix=".eml-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(message.as_bytes())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return path
