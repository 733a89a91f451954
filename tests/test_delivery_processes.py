"""Deliverer processes on this run's database: killed mid-batch, or two at once.

A deliverer killed with SIGKILL mid-batch loses nothing: every message is
delivered at least once (a copy carries the same X-Screening-Delivery id).
Two deliverers draining one outbox never send a message twice: they claim
rows with FOR UPDATE SKIP LOCKED on PostgreSQL, in turn under SQLite's
write lock.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import func, select
from support.databases import app_on
from support.deliverers import delivered_lines, kill, start_deliverer
from support.mailbox import smtp_server

from screening.infra import clock
from screening.infra.extensions import db
from screening.models import Channel, OutboxMessage, Topic
from screening.services.notifications import enqueue

pytestmark = pytest.mark.slow
WAIT_SECONDS = 60


def fill_outbox(url: str, count: int) -> None:
    """Queue ``count`` staff emails, each with its own subject."""
    with app_on(url) as app, app.app_context():
        now = clock.now()
        for number in range(count):
            payload = {"subject": f"Message {number}", "text": "Hello", "html": "<p>"}
            enqueue(
                Channel.EMAIL,
                Topic.STAFF_DIGEST,
                "staff@clinic.example",
                payload,
                now=now,
            )
        db.session.commit()


def statuses(url: str) -> dict[str, int]:
    with app_on(url) as app, app.app_context():
        query = select(OutboxMessage.status, func.count()).group_by(
            OutboxMessage.status
        )
        return dict(db.session.execute(query).all())


def deliverer_env(port: int, **settings) -> dict[str, str]:
    return {
        "FLASK_MAIL_SERVER": "127.0.0.1",
        "FLASK_MAIL_PORT": str(port),
        "FLASK_MAIL_DEFAULT_SENDER": "screening@clinic.example",
        **{f"FLASK_{name}": str(value) for name, value in settings.items()},
    }


def test_a_deliverer_killed_mid_batch_loses_nothing(server_database, tmp_path):
    fill_outbox(server_database, 30)
    with smtp_server(delay=0.1) as mailbox:
        env = deliverer_env(
            mailbox.port, DELIVERY_BATCH_SIZE=10, DELIVERY_LEASE_SECONDS=2
        )
        first = start_deliverer(server_database, env, tmp_path / "first.log")
        mailbox.wait_for(5)
        kill(first)
        killed_at = len(mailbox.received)
        assert killed_at < 30, "the deliverer finished before it was killed"
        time.sleep(2)  # the killed deliverer's lease ends
        second = start_deliverer(
            server_database, env, tmp_path / "second.log", once=True
        )
        assert second.wait(WAIT_SECONDS) == 0, (tmp_path / "second.log").read_text()
    subjects = Counter(str(item.message["Subject"]) for item in mailbox.received)
    assert set(subjects) == {f"Message {number}" for number in range(30)}
    assert statuses(server_database) == {"sent": 30}


def test_two_deliverers_never_send_a_message_twice(server_database, tmp_path):
    fill_outbox(server_database, 100)
    with smtp_server(delay=0.03) as mailbox:
        env = deliverer_env(mailbox.port, DELIVERY_BATCH_SIZE=5)
        logs = [tmp_path / "one.log", tmp_path / "two.log"]
        processes = [
            start_deliverer(server_database, env, log, once=True) for log in logs
        ]
        for process, log in zip(processes, logs, strict=True):
            assert process.wait(WAIT_SECONDS) == 0, log.read_text()
    ids = Counter(item.delivery_id for item in mailbox.received)
    assert len(ids) == 100
    assert max(ids.values()) == 1, "a message was sent twice"
    assert [delivered_lines(log) > 0 for log in logs] == [True, True]
    assert statuses(server_database) == {"sent": 100}
