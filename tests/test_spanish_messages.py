"""A patient's emails and calendar file speak the language they answered in.

Whoever triggers a message: a nurse deciding in English still sends a
Spanish patient's email in Spanish. Staff emails are in the clinic's
DEFAULT_LANGUAGE, whatever the language of the page that caused them.
Emails arrive through a real SMTP server (aiosmtpd), as in
test_notifications.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select
from support.mailbox import STAFF_ADDRESSES, mail_config
from support.spanish import choose_spanish

from screening.infra.extensions import db
from screening.models import Screening
from screening.services.notifications import email_payload

RESULT_LINK = "https://screening.clinic.example/screening/"


@pytest.fixture
def app(mail_app):
    """Every test here mails through the test SMTP server."""
    return mail_app


def addressed_to(received, address):
    return [item for item in received if item.recipients == [address]]


def reference_of(app, token: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Screening.reference).filter_by(token=token))


def bodies(item) -> tuple[str, str]:
    message = item.message
    plain = message.get_body(("plain",)).get_content()
    return plain, message.get_body(("html",)).get_content()


def test_a_spanish_patients_emails_are_in_spanish_though_the_nurse_reads_english(
    app, client, screen, answers, deliver, mailbox, staff_client
):
    choose_spanish(client)
    token = screen(answers, email_result="y", cancer_history="yes")
    reference = reference_of(app, token)
    checklist = client.get(f"/screening/{token}/checklist").get_data(as_text=True)
    assert '<html lang="es">' in checklist and "Lista de verificación" in checklist
    deliver()
    detail = staff_client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    assert '<html lang="en">' in detail and "Answered in Spanish" in detail
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "approved_for_consultation", "note": "Fine."},
    )
    assert response.status_code == 303
    assert 'lang="en"' in staff_client.get(response.location).get_data(as_text=True)
    deliver()
    result = client.get(f"/screening/{token}").get_data(as_text=True)
    assert '<html lang="es">' in result

    submitted, decided = addressed_to(mailbox.received, "ada@example.com")
    assert submitted.message["Subject"] == (
        f"Su evaluación con Mesotherapy clinic: referencia {reference}"
    )
    plain, html = bodies(submitted)
    assert f"La referencia de su evaluación es {reference}." in plain
    assert "Su resultado está en esta dirección:" in plain
    assert f"{RESULT_LINK}{token}" in plain
    assert '<html lang="es">' in html
    assert f"La referencia de su evaluación es <strong>{reference}</strong>." in html
    assert "Mantenga este enlace en privado" in html
    assert decided.message["Subject"] == (
        f"La clínica ha revisado su evaluación {reference}"
    )
    plain, html = bodies(decided)
    assert f"La clínica ha revisado su evaluación (referencia {reference})." in plain
    assert "Vea qué ocurre ahora" in html and '<html lang="es">' in html
    for address in STAFF_ADDRESSES:
        [notice] = addressed_to(mailbox.received, address)
        assert notice.message["Subject"] == "1 new screening needs review"


def test_an_english_patients_emails_stay_english_whoever_decides(
    app, screen, answers, deliver, mailbox, login, staff_member
):
    spanish_nurse = app.test_client()
    choose_spanish(spanish_nurse)
    assert login(spanish_nurse, staff_member).status_code == 303
    token = screen(answers, email_result="y")
    reference = reference_of(app, token)
    response = spanish_nurse.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "No."},
    )
    assert response.status_code == 303
    deliver()

    submitted, decided = addressed_to(mailbox.received, "ada@example.com")
    assert submitted.message["Subject"] == (
        f"Your screening with Mesotherapy clinic: reference {reference}"
    )
    assert decided.message["Subject"] == (
        f"The clinic has reviewed your screening {reference}"
    )
    assert '<html lang="en">' in bodies(decided)[1]


def test_staff_emails_are_in_the_clinics_default_language(
    make_app, mailbox, answers, deliver
):
    app = make_app(**mail_config(mailbox.port), DEFAULT_LANGUAGE="es")
    client = app.test_client()
    client.get("/?lang=en")
    response = client.post(
        "/screening", data={**answers, "cancer_history": "yes", "email_result": "y"}
    )
    assert response.status_code == 303
    deliver(app)

    [patient] = addressed_to(mailbox.received, "ada@example.com")
    assert patient.message["Subject"].startswith("Your screening with")
    for address in STAFF_ADDRESSES:
        [notice] = addressed_to(mailbox.received, address)
        assert notice.message["Subject"] == "1 evaluación nueva necesita revisión"
        plain, html = bodies(notice)
        assert "Abra la lista de revisión (es necesario iniciar sesión" in plain
        assert '<html lang="es">' in html


def test_the_set_up_link_email_ignores_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        payload = email_payload(
            "staff_setup",
            link="https://x.example/s",
            expires=datetime(2027, 3, 5, 10, 0, tzinfo=UTC),
        )

    assert payload["subject"] == "Set up your Mesotherapy clinic staff account"
    assert "Choose your password</a>. You will then set up" in payload["html"]
    assert "The link works once, until 5 Mar 2027 10:00." in payload["html"]


def test_a_set_up_links_end_is_written_in_the_clinics_language(make_app):
    app = make_app(DEFAULT_LANGUAGE="es")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        payload = email_payload(
            "staff_setup",
            link="https://x.example/s",
            expires=datetime(2027, 3, 5, 10, 0, tzinfo=UTC),
        )

    assert payload["subject"] == "Configure su cuenta de personal de Mesotherapy clinic"
    assert (
        "El enlace funciona una sola vez, hasta el 5 mar 2027, 10:00:"
        in (payload["text"])
    )


def calendar_event(client, token):
    response = client.get(f"/screening/{token}/visit.ics")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    return event


def test_the_calendar_file_speaks_the_screenings_language(
    make_app, answers, visiting, today
):
    app = make_app(CLINIC_NAME="Riverside Clinic", CLINIC_PHONE="+44 1632 960001")
    spanish, english = app.test_client(), app.test_client()
    choose_spanish(spanish)
    visit = visiting(today + timedelta(days=20))
    tokens = [
        client.post("/screening", data={**answers, **visit}).location.rsplit("/")[-1]
        for client in (spanish, english)
    ]

    # Read by anyone, in any language: the screening's own.
    for reader in (english, spanish):
        event = calendar_event(reader, tokens[0])
        assert str(event["summary"]) == "Visita de mesoterapia en Riverside Clinic"
        assert "Referencia de su evaluación: MS-" in str(event["description"])
        assert "Teléfono de la clínica: +44 1632 960001" in str(event["description"])
        reminders = sorted(
            (alarm.decoded("trigger"), str(alarm["description"]))
            for alarm in event.walk("VALARM")
        )
        assert reminders[0][1].startswith("Evite la cafeína (café, té")
        assert reminders[1][1].startswith("Su visita de mesoterapia es hoy")
    event = calendar_event(spanish, tokens[1])
    assert str(event["summary"]) == "Mesotherapy visit at Riverside Clinic"
