"""The outbox's bookkeeping: claim due messages, record results, combine notices.

Functions here change rows and flush; the deliverer (screening/cli/deliver.py)
and the admin page commit. Several deliverers may run at once, on several
servers: a claim takes rows with FOR UPDATE SKIP LOCKED on PostgreSQL and
inside SQLite's write lock (BEGIN IMMEDIATE), and moves their due time a
lease ahead, so no other deliverer takes them while they are being sent.
A deliverer that dies mid-batch leaves its rows to be claimed again when
the lease ends: every message is delivered at least once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, text

from ..infra import clock
from ..infra.database import begin_write
from ..infra.extensions import db
from ..models import Channel, DeliveryStatus, OutboxMessage, Topic
from .audit import Event, record
from .notifications import staff_digest

# The longest wait between two tries, however many failed before.
LONGEST_RETRY = timedelta(hours=6)
# One PostgreSQL advisory lock key: one digest composed at a time.
DIGEST_LOCK = 0x5C_0D16
GAVE_UP = "no result after the last try (the deliverer stopped)"


@dataclass(frozen=True)
class Claimed:
    """What a deliverer needs to send one claimed message, outside a transaction."""

    id: int
    delivery_id: str
    channel: str
    topic: str
    recipient: str | None
    payload: dict
    created_at: datetime


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after the ``attempts``-th failure (doubling)."""
    first = current_app.config["DELIVERY_FIRST_RETRY_SECONDS"]
    return min(timedelta(seconds=first * 2 ** (attempts - 1)), LONGEST_RETRY)


def claim_due(limit: int) -> list[Claimed]:
    """Claim up to ``limit`` due messages for this deliverer; the caller commits."""
    begin_write()
    now = clock.now()
    config = current_app.config
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == DeliveryStatus.PENDING,
            OutboxMessage.channel != Channel.STAFF_NOTICE,
            OutboxMessage.due_at <= now,
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for row in db.session.scalars(query):
        if row.attempts >= config["DELIVERY_MAX_ATTEMPTS"]:
            # Its last try never reported back: a crash, or a message that
            # crashes the deliverer. Stop, and show it to admins.
            row.status, row.last_error = DeliveryStatus.FAILED, GAVE_UP
            continue
        row.attempts += 1
        row.last_attempt_at = now
        row.due_at = now + timedelta(seconds=config["DELIVERY_LEASE_SECONDS"])
        claimed.append(
            Claimed(
                row.id,
                row.delivery_id,
                row.channel,
                row.topic,
                row.recipient,
                dict(row.payload),
                row.created_at,
            )
        )
    db.session.flush()
    return claimed


def record_sent(message_id: int) -> None:
    """Mark a message sent; the caller commits."""
    begin_write()
    row = db.session.get(OutboxMessage, message_id)
    if row is not None:
        row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, clock.now(), None
        db.session.flush()


def record_failure(message_id: int, error: str, *, permanent: bool = False) -> None:
    """Schedule the next try after a failure, or mark it failed after the last."""
    begin_write()
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        return
    row.last_error = error[:200]
    if permanent or row.attempts >= current_app.config["DELIVERY_MAX_ATTEMPTS"]:
        row.status = DeliveryStatus.FAILED
    else:
        row.due_at = clock.now() + retry_delay(row.attempts)
    db.session.flush()


def last_digest_at() -> datetime | None:
    """Return when the latest staff digest was composed."""
    return db.session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.topic == Topic.STAFF_DIGEST
        )
    )


def combine_staff_notices() -> int:
    """Fold pending staff notices into one digest per staff address; return how many.

    The first notice after a quiet spell goes at once; notices arriving
    within STAFF_NOTIFICATION_BATCH_MINUTES of the last digest wait and
    are combined into the next one. The caller commits.
    """
    begin_write()
    if db.engine.dialect.name == "postgresql":
        lock = text("SELECT pg_advisory_xact_lock(:key)")
        db.session.execute(lock, {"key": DIGEST_LOCK})
    notices = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == Channel.STAFF_NOTICE,
                OutboxMessage.status == DeliveryStatus.PENDING,
            )
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        )
    )
    now = clock.now()
    window = timedelta(minutes=current_app.config["STAFF_NOTIFICATION_BATCH_MINUTES"])
    last = last_digest_at()
    if not notices or (last is not None and now < last + window):
        return 0
    staff_digest(len(notices), notices[-1].payload["link"], now)
    for notice in notices:
        notice.status, notice.sent_at = DeliveryStatus.COMBINED, now
    db.session.flush()
    return len(notices)


def failed_messages() -> list[OutboxMessage]:
    """Return every message that failed for good, newest first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == DeliveryStatus.FAILED)
            .order_by(OutboxMessage.id.desc())
        )
    )


def retry_failed(message_id: int, staff_id: int) -> OutboxMessage | None:
    """Give a failed message fresh tries, audited; the caller commits."""
    begin_write()
    row = db.session.get(OutboxMessage, message_id)
    if row is None or row.status != DeliveryStatus.FAILED:
        return None
    row.status, row.attempts, row.due_at = DeliveryStatus.PENDING, 0, clock.now()
    record(
        Event.DELIVERY_RETRIED,
        staff_id=staff_id,
        delivery=row.delivery_id,
        topic=row.topic,
    )
    db.session.flush()
    return row
