"""``flask --app app deliver``: send what the outbox holds, retrying failures.

Each round combines pending staff notices, claims a batch (committed at
once, so the claim outlives this process), sends each message outside any
transaction, and commits each result. Nothing here runs inside a request:
a patient's submission or a staff decision never waits on SMTP or HTTP.
"""

from __future__ import annotations

import logging
import smtplib
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..infra.mail import InvalidMessage, build_message, send_message
from ..infra.transactions import unit_of_work
from ..infra.webhooks import WebhookRefused, post
from ..models import Channel
from ..services.outbox import (
    Claimed,
    claim_due,
    combine_staff_notices,
    record_failure,
    record_sent,
)
from . import needs_current_schema

log = logging.getLogger(__name__)
# Worth another try: the server was down, slow, refused us or answered 4xx/5xx.
TRANSIENT = (OSError, smtplib.SMTPException, WebhookRefused)


def send(message: Claimed) -> None:
    """Send one claimed message by its channel; raise when it did not go."""
    config = current_app.config
    if message.channel == Channel.WEBHOOK:
        post(
            message.recipient,
            message.payload["body"],
            config["WEBHOOK_SECRET"],
            message.delivery_id,
            config["WEBHOOK_TIMEOUT_SECONDS"],
        )
        return
    email = build_message(
        config,
        delivery_id=message.delivery_id,
        recipient=message.recipient,
        payload=message.payload,
        created_at=message.created_at,
    )
    send_message(config, email, Path(current_app.instance_path) / "outbox")


def deliver_one(message: Claimed) -> bool:
    """Send one message and commit its result; return whether it went."""
    try:
        send(message)
    except InvalidMessage as error:
        with unit_of_work():
            record_failure(message.id, str(error), permanent=True)
    except TRANSIENT as error:
        # The type only: an SMTP or HTTP error can quote an address.
        with unit_of_work():
            record_failure(message.id, type(error).__name__)
    else:
        with unit_of_work():
            record_sent(message.id)
        log.info("delivered %s %s %s", message.id, message.channel, message.topic)
        return True
    log.warning("delivery failed %s %s %s", message.id, message.channel, message.topic)
    return False


def deliver_round() -> int:
    """Combine staff notices, then claim and send one batch; return its size."""
    with unit_of_work():
        combine_staff_notices()
    with unit_of_work():
        batch = claim_due(current_app.config["DELIVERY_BATCH_SIZE"])
    for message in batch:
        deliver_one(message)
    return len(batch)


def run(once: bool) -> None:
    """Deliver until nothing is due (``once``) or for ever, resting when idle."""
    while True:
        claimed = deliver_round()
        if claimed:
            continue
        if once:
            return
        time.sleep(current_app.config["DELIVERY_POLL_SECONDS"])


@click.command("deliver")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@with_appcontext
@needs_current_schema
def deliver_command(once: bool) -> None:
    """Send the outbox's emails and webhook calls, retrying failures."""
    run(once)
