"""The deliverer: retries with growing delays, then "failed" for admins to retry.

SMTP down, refusing or answering 5xx never touches the patient's
submission; the message waits in the outbox and goes once the server is
back. The webhook is signed, and a receiver that hangs is cut off.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from support.mailbox import (
    WEBHOOK_SECRET,
    Webhooks,
    free_port,
    mail_config,
    smtp_server,
)

from screening.infra.extensions import db
from screening.models import AuditEvent, OutboxMessage


@pytest.fixture
def down_port():
    """Return the port of an SMTP server that is not running yet."""
    return free_port()


@pytest.fixture
def app(make_app, down_port):
    """An application whose SMTP server is down until a test starts it."""
    return make_app(**mail_config(down_port, DELIVERY_MAX_ATTEMPTS=3))


def emails(app) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).filter_by(channel="email")
        return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def test_smtp_down_then_up_delivers_the_message_once(
    app, screen, answers, deliver, down_port, clock, stored
):
    screen(answers, email_result="y")
    assert len(stored()) == 1  # the submission never waited on SMTP
    deliver()
    [message] = emails(app)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "ConnectionRefusedError"
    assert message.due_at == clock.now() + timedelta(seconds=60)
    with smtp_server(down_port) as mailbox:
        deliver()
        assert mailbox.received == []  # not due yet
        clock.advance(seconds=60)
        deliver()
        clock.advance(hours=1)
        deliver()
        assert len(mailbox.received) == 1
    assert emails(app)[0].status == "sent"


def test_failures_wait_longer_each_time_then_the_message_is_failed(
    app, screen, answers, deliver, clock
):
    screen(answers, email_result="y")
    waits = []
    for _ in range(3):
        deliver()
        [message] = emails(app)
        waits.append(message.due_at - clock.now())
        clock.advance(hours=1)
    assert waits[:2] == [timedelta(minutes=1), timedelta(minutes=2)]
    assert (message.status, message.attempts) == ("failed", 3)


def test_a_server_answering_5xx_keeps_the_message_for_a_retry(
    app, screen, answers, deliver, down_port, clock
):
    screen(answers, email_result="y")
    with smtp_server(down_port) as mailbox:
        mailbox.reply = "554 Transaction failed"
        deliver()
        assert emails(app)[0].last_error == "SMTPDataError"
        mailbox.reply = "250 Message accepted"
        clock.advance(minutes=1)
        deliver()
        assert len(mailbox.received) == 1


def test_admins_see_failed_deliveries_without_bodies_and_retry_them_audited(
    app, screen, answers, deliver, down_port, clock, login, admin_member, page
):
    token = screen(answers, email_result="y")
    for _ in range(3):
        deliver()
        clock.advance(hours=1)
    admin_client = app.test_client()
    login(admin_client, admin_member)
    listing = admin_client.get("/staff/deliveries")
    html = listing.get_data(as_text=True)
    [row] = page(listing).select("tr[data-delivery]")
    assert "Patient: link to their result" in row.get_text()
    assert "ConnectionRefusedError" in row.get_text()
    for private in (token, "ada@example.com", "Ada Example", "reference"):
        assert private not in html
    message_id = row["data-delivery"]
    retried = admin_client.post(f"/staff/deliveries/{message_id}/retry")
    assert retried.status_code == 303
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEvent).filter_by(event="delivery.retried")
        )
        assert entry.staff_id == admin_member.id
    with smtp_server(down_port) as mailbox:
        deliver()
        assert len(mailbox.received) == 1
    assert "No delivery has failed" in admin_client.get("/staff/deliveries").text
    assert admin_client.post(f"/staff/deliveries/{message_id}/retry").status_code == 404


def test_staff_who_are_not_admins_cannot_retry(staff_client):
    assert staff_client.post("/staff/deliveries/1/retry").status_code == 403


def test_the_webhook_is_signed_and_the_receiver_verifies_it(
    make_app, webhooks, answers, deliver
):
    app = make_app(WEBHOOK_URL=webhooks.url, WEBHOOK_SECRET=WEBHOOK_SECRET)
    client = app.test_client()
    client.post("/screening", data=answers)
    deliver(app)
    [call] = webhooks.calls
    assert call["verified"]
    assert call["path"] == "/hooks/screening"
    body = call["body"]
    assert set(body) == {"event", "reference", "outcome", "decision", "occurred_at"}
    assert (body["event"], body["outcome"], body["decision"]) == (
        "screening.created",
        "eligible",
        None,
    )
    assert call["headers"]["X-Screening-Delivery"]
    assert "Ada" not in str(call)
    # A receiver with another secret, or a body changed on the way, fails.
    assert not Webhooks(webhooks.url, "another secret").verified(
        call["headers"], call["raw"]
    )
    assert not webhooks.verified(call["headers"], call["raw"].replace(b"e", b"E"))


def test_a_decision_reaches_the_webhook(
    make_app, webhooks, answers, deliver, login, staff_member, stored
):
    app = make_app(WEBHOOK_URL=webhooks.url, WEBHOOK_SECRET=WEBHOOK_SECRET)
    app.test_client().post("/screening", data=answers)
    staff = app.test_client()
    login(staff, staff_member)
    reference = stored()[0].reference
    staff.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "A private note."},
    )
    deliver(app)
    events = [
        (call["body"]["event"], call["body"]["decision"]) for call in webhooks.calls
    ]
    assert events == [("screening.created", None), ("decision.recorded", "declined")]
    assert all(call["verified"] for call in webhooks.calls)
    assert "private note" not in str(webhooks.calls)


def test_a_webhook_that_hangs_is_cut_off_and_retried(
    make_app, webhooks, answers, deliver
):
    app = make_app(
        WEBHOOK_URL=webhooks.url,
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        WEBHOOK_TIMEOUT_SECONDS=1,
    )
    webhooks.delay = 5
    app.test_client().post("/screening", data=answers)
    started = time.monotonic()
    deliver(app)
    assert time.monotonic() - started < 4
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert (message.status, message.last_error) == ("pending", "TimeoutError")


def test_a_webhook_answering_an_error_is_retried(make_app, webhooks, answers, deliver):
    app = make_app(WEBHOOK_URL=webhooks.url, WEBHOOK_SECRET=WEBHOOK_SECRET)
    webhooks.status = 503
    app.test_client().post("/screening", data=answers)
    deliver(app)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert (message.status, message.last_error) == ("pending", "WebhookRefused")


def test_a_refused_login_keeps_the_message_for_a_retry(
    make_app, answers, deliver, stored
):
    with smtp_server(refuse_login=True) as mailbox:
        app = make_app(
            **mail_config(mailbox.port, MAIL_USERNAME="screening", MAIL_PASSWORD="x")
        )
        app.test_client().post("/screening", data={**answers, "email_result": "y"})
        assert len(stored()) == 1
        deliver(app)
        assert mailbox.received == []
    [message] = emails(app)
    assert (message.status, message.last_error) == (
        "pending",
        "SMTPAuthenticationError",
    )


def test_an_smtp_server_that_never_answers_is_given_up_on_after_the_timeout(
    make_app, answers, deliver
):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never speaks
        port = silent.getsockname()[1]
        app = make_app(**mail_config(port, MAIL_TIMEOUT_SECONDS=1))
        app.test_client().post("/screening", data={**answers, "email_result": "y"})
        # Without the timeout the deliverer would wait for ever: watch it.
        finished = threading.Event()
        threading.Thread(
            target=lambda: (deliver(app), finished.set()), daemon=True
        ).start()
        assert finished.wait(10), "the deliverer hung on a silent SMTP server"
    [message] = emails(app)
    # smtplib reports the timeout as a lost connection.
    assert (message.status, message.last_error) == ("pending", "SMTPServerDisconnected")


def test_a_patient_deleting_their_screening_deletes_its_pending_messages(
    app, client, screen, answers, deliver
):
    token = screen(answers, email_result="y")
    assert len(emails(app)) == 1
    client.post(f"/screening/{token}/delete")
    assert emails(app) == []
