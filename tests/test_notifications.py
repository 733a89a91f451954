"""What each message says and to whom, through a real SMTP server (aiosmtpd).

No message holds a name, a date of birth, an answer, an outcome or a reason;
a patient who did not tick the box gets nothing; staff notices are batched;
no header can be injected through any field.
"""

from __future__ import annotations

import email
import stat

import pytest
from sqlalchemy import func, select
from support.mailbox import STAFF_ADDRESSES

from screening.infra.extensions import db
from screening.models import OutboxMessage, Screening
from screening.services.notifications import decision_recorded

# Everything about the patient that must never travel by email.
PRIVATE = [
    "Ada Example",
    "1990",
    "14 March",
    "warfarin",
    "01632 960 001",
    "needs_review",
    "not_eligible",
    "eligible",
    "A clinician needs to review",
    "You take medication",
    "medication",
    "approved",
    "declined",
    "more information",
    "Needs more information",
    "Ask about the dose",
]
RESULT_LINK = "https://screening.clinic.example/screening/"


@pytest.fixture
def app(mail_app):
    """Every test here mails through the test SMTP server."""
    return mail_app


def needs_review(answers, **changes):
    """Return form answers a clinician must review (medication listed)."""
    return {
        **answers,
        "phone": "01632 960 001",
        "takes_medication": "yes",
        "medications": "warfarin 5 mg",
        **changes,
    }


def addressed_to(received, address):
    return [item for item in received if item.recipients == [address]]


def assert_nothing_private(received) -> None:
    for item in received:
        text = item.text()
        for private in PRIVATE:
            assert private.lower() not in text.lower(), (private, text)


def decide(staff_client, app, token, kind, note="Ask about the dose."):
    with app.app_context():
        reference = db.session.scalar(
            select(Screening.reference).filter_by(token=token)
        )
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions", data={"kind": kind, "note": note}
    )
    assert response.status_code == 303
    return reference


def test_a_patient_who_asked_gets_the_reference_and_the_link_and_nothing_else(
    app, screen, answers, deliver, mailbox, stored
):
    token = screen(needs_review(answers), email_result="y")
    deliver()
    [patient] = addressed_to(mailbox.received, "ada@example.com")
    reference = stored()[0].reference
    message = patient.message
    assert patient.sender == "screening@clinic.example"
    assert message["From"].addresses[0].display_name == "Mesotherapy clinic"
    assert message["Subject"] == (
        f"Your screening with Mesotherapy clinic: reference {reference}"
    )
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (plain, html):
        assert reference in body
        assert f"{RESULT_LINK}{token}" in body
    assert message["Message-ID"] == f"<{patient.delivery_id}@clinic.example>"
    assert_nothing_private(mailbox.received)


def test_staff_are_told_how_many_arrived_with_a_link_to_the_queue(
    app, screen, answers, deliver, mailbox
):
    screen(needs_review(answers))
    deliver()
    assert sorted(item.recipients[0] for item in mailbox.received) == sorted(
        STAFF_ADDRESSES
    )
    for item in mailbox.received:
        assert item.message["Subject"] == "1 new screening needs review"
        assert "https://screening.clinic.example/staff/" in item.text()
    assert_nothing_private(mailbox.received)


def test_a_patient_who_did_not_ask_gets_no_email_ever(
    app, screen, answers, deliver, mailbox, staff_client
):
    token = screen(answers)
    decide(staff_client, app, token, "approved_for_consultation")
    deliver()
    assert mailbox.received == []
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2  # webhooks


def test_a_decision_tells_the_patient_the_clinic_reviewed_it_without_saying_what(
    app, screen, answers, deliver, mailbox, staff_client
):
    token = screen(answers, email_result="y")
    deliver()
    for kind in ("needs_more_information", "declined"):
        reference = decide(staff_client, app, token, kind)
    deliver()
    patient = addressed_to(mailbox.received, "ada@example.com")
    assert len(patient) == 3
    for item in patient[1:]:
        assert item.message["Subject"] == (
            f"The clinic has reviewed your screening {reference}"
        )
        assert f"{RESULT_LINK}{token}" in item.text()
    assert len({item.delivery_id for item in patient}) == 3
    assert_nothing_private(mailbox.received)


def test_needs_review_screenings_within_the_window_are_combined_into_one_message(
    app, screen, answers, deliver, mailbox, clock
):
    screen(needs_review(answers))
    deliver()  # the first after a quiet spell goes at once
    assert len(mailbox.received) == 2
    for minute in range(3):
        clock.advance(minutes=4)
        screen(needs_review(answers, full_name=f"Patient {minute}"))
        deliver()
    screen(answers)  # eligible: no notice
    assert len(mailbox.received) == 2  # held back within 15 minutes
    clock.advance(minutes=3)
    deliver()
    later = mailbox.received[2:]
    assert [item.message["Subject"] for item in later] == [
        "3 new screenings need review"
    ] * 2
    clock.advance(hours=2)
    screen(needs_review(answers))
    deliver()
    assert [item.message["Subject"] for item in mailbox.received[4:]] == [
        "1 new screening needs review"
    ] * 2


def test_a_line_break_in_the_email_field_is_a_field_error(submit, answers, mailbox):
    response = submit(answers, email="ada@example.com\r\nBcc: evil@example.com")
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.get_data(
        as_text=True
    )


def test_no_header_can_be_injected_even_through_a_stored_address(
    app, screening_factory, staff_client, deliver, mailbox
):
    reference = screening_factory(
        email="victim@example.com\r\nBcc: evil@example.com", email_result=True
    )
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "No."},
    )
    assert response.status_code == 303
    deliver()
    assert mailbox.received == []
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage).filter_by(channel="email"))
        assert (message.status, message.attempts) == ("failed", 1)
        assert message.last_error == "the recipient is not one email address"


def test_without_a_mail_server_messages_are_written_as_eml_files(
    make_app, answers, deliver, tmp_path
):
    app = make_app(CLINIC_BASE_URL="https://screening.clinic.example")
    client = app.test_client()
    response = client.post("/screening", data={**answers, "email_result": "y"})
    token = response.headers["Location"].rsplit("/", 1)[-1]
    deliver(app)
    [path] = (tmp_path / "outbox").glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.com"
    assert f"{RESULT_LINK}{token}" in message.get_body(("plain",)).get_content()
    assert path.stem == message["X-Screening-Delivery"]


def test_a_rollback_sends_nothing(app, screen, answers, staff_client, monkeypatch):
    token = screen(answers)
    with app.app_context():
        reference = db.session.scalar(
            select(Screening.reference).filter_by(token=token)
        )

    def fail_after_queueing(*args):
        decision_recorded(*args)
        raise RuntimeError("the decision's transaction fails after queueing")

    monkeypatch.setattr(
        "screening.services.review.decision_recorded", fail_after_queueing
    )
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "No."},
    )
    assert response.status_code == 500
    with app.app_context():
        topics = db.session.scalars(select(OutboxMessage.topic)).all()
    assert topics == ["screening.created"]


def test_the_loop_closes_from_the_patients_email_to_the_clinics_answer(
    app, client, screen, answers, deliver, mailbox, staff_client, page
):
    token = screen(needs_review(answers), email_result="y")
    deliver()
    link = f"{RESULT_LINK}{token}"
    [patient] = addressed_to(mailbox.received, "ada@example.com")
    assert link in patient.text()
    assert addressed_to(mailbox.received, STAFF_ADDRESSES[0])
    decide(staff_client, app, token, "needs_more_information")
    deliver()
    assert link in addressed_to(mailbox.received, "ada@example.com")[1].text()
    result = page(client.get(link.removeprefix("https://screening.clinic.example")))
    panel = result.select_one('[data-decision="needs_more_information"]')
    assert "The clinic needs more information" in panel.get_text()
    queue = staff_client.get("/staff/screenings?status=new").get_data(as_text=True)
    assert "Needs more information" in queue
