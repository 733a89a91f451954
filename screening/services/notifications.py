"""What is sent, and to whom, when a screening arrives or a decision is recorded.

Every message goes into the outbox in the caller's transaction (this module
flushes nothing and commits nothing), so a rollback sends nothing and a
crash after the commit loses nothing. No email holds a name, a date of
birth, an answer, an outcome or a reason: email is not a safe channel for
health data, and whoever reads a link still needs the token or a sign-in.

Each email is written when it is queued, in its reader's language: a
patient's in the language they answered in (``Screening.language``),
whoever triggers it (a nurse deciding in English still sends the patient
Spanish); staff emails in the clinic's DEFAULT_LANGUAGE.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale

from ..infra import clock
from ..infra.extensions import db
from ..infra.languages import offered
from ..models import Channel, Decision, OutboxMessage, Screening, Topic
from ..rules import Outcome


def public_url(endpoint: str, **values: str) -> str:
    """Return the public address of a page: CLINIC_BASE_URL, else this request's."""
    base = current_app.config["CLINIC_BASE_URL"]
    if not base:
        base = request.url_root if has_request_context() else "http://localhost/"
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base.rstrip("/") + path


def enqueue(
    channel: Channel,
    topic: Topic,
    recipient: str | None,
    payload: dict,
    screening: Screening | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Add a message to the session's transaction, due at once."""
    now = now or clock.now()
    message = OutboxMessage(
        channel=str(channel),
        topic=str(topic),
        recipient=recipient,
        payload=payload,
        screening=screening,
        attempts=0,
        created_at=now,
        due_at=now,
    )
    db.session.add(message)
    return message


def writing_language(language: str | None = None) -> str:
    """Return the language to write in: ``language`` if offered, else the default."""
    return language if language in offered() else offered()[0]


def email_payload(
    template: str, language: str | None = None, **context
) -> dict[str, str]:
    """Return the subject, plain text and HTML of one email template.

    Written in ``language`` (a patient's screening's), else the clinic's
    DEFAULT_LANGUAGE, never in the language of whoever is reading a page.
    """
    context = {**context, "clinic_name": current_app.config["CLINIC_NAME"]}
    with force_locale(writing_language(language)):
        subject = render_template(f"email/{template}.subject.txt", **context)
        return {
            "subject": subject.strip(),
            "text": render_template(f"email/{template}.txt", **context),
            "html": render_template(f"email/{template}.html", **context),
        }


def webhook_body(
    event: Topic, screening: Screening, decision: str | None, occurred_at: datetime
) -> str:
    """Return the webhook's JSON body: reference, outcome, decision and time only."""
    return json.dumps(
        {
            "event": str(event),
            "reference": screening.reference,
            "outcome": screening.outcome,
            "decision": decision,
            "occurred_at": occurred_at.isoformat(),
        },
        separators=(",", ":"),
    )


def enqueue_webhook(
    event: Topic, screening: Screening, decision: str | None, occurred_at: datetime
) -> None:
    """Queue a signed POST to the booking system, when one is configured."""
    url = current_app.config["WEBHOOK_URL"]
    if url:
        body = webhook_body(event, screening, decision, occurred_at)
        enqueue(Channel.WEBHOOK, event, url, {"body": body})


def enqueue_patient_email(screening: Screening, topic: Topic, template: str) -> None:
    """Queue the reference and the result's link, if the patient asked for email."""
    if screening.email_result:
        link = public_url("patient.result", token=screening.token)
        payload = email_payload(
            template, screening.language, reference=screening.reference, link=link
        )
        enqueue(Channel.EMAIL, topic, screening.email, payload, screening)


def screening_created(screening: Screening) -> None:
    """Queue what a new screening sends: the patient's link, staff notice, webhook."""
    db.session.flush()  # the reference is given at the insert
    enqueue_patient_email(screening, Topic.PATIENT_SUBMITTED, "patient_submitted")
    staff = current_app.config["STAFF_NOTIFICATION_EMAILS"]
    if screening.outcome == Outcome.NEEDS_REVIEW and staff:
        link = public_url("staff.work_queue")
        enqueue(Channel.STAFF_NOTICE, Topic.STAFF_NEEDS_REVIEW, None, {"link": link})
    enqueue_webhook(Topic.SCREENING_CREATED, screening, None, screening.created_at)


def decision_recorded(screening: Screening, decision: Decision) -> None:
    """Queue what a decision sends: the patient's notice and the webhook."""
    enqueue_patient_email(screening, Topic.PATIENT_DECIDED, "patient_decided")
    enqueue_webhook(
        Topic.DECISION_RECORDED, screening, decision.kind, decision.created_at
    )


def staff_digest(count: int, link: str, now: datetime) -> list[OutboxMessage]:
    """Queue one message per staff address saying how many screenings arrived."""
    payload = email_payload("staff_digest", count=count, link=link)
    return [
        enqueue(Channel.EMAIL, Topic.STAFF_DIGEST, address, payload, now=now)
        for address in current_app.config["STAFF_NOTIFICATION_EMAILS"]
    ]
