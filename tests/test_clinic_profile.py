"""The clinic's profile: checked at start, shown where a patient needs it.

A bad value stops start-up with a message naming its key. The result page
gives the next step for each outcome and the clinic's latest decision.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from screening.infra.clinic import SettingsError
from screening.infra.extensions import db
from screening.models import Screening

CLINIC = {
    "CLINIC_PHONE": "+44 1632 960001",
    "CLINIC_EMAIL": "desk@clinic.example",
    "CLINIC_ADDRESS": "1 Harbour Street, Riverside",
    "CLINIC_OPENING_HOURS": "Monday to Friday, 9:00 to 17:00",
    "CLINIC_REPLY_WORKING_DAYS": 3,
}
BOOKING = "https://book.clinic.example/mesotherapy"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CLINIC_PHONE", "call us"),
        ("CLINIC_EMAIL", "desk at clinic"),
        ("CLINIC_BOOKING_URL", "javascript:alert(1)"),
        ("CLINIC_BASE_URL", "screening.infra.clinic.example"),
        ("CLINIC_REPLY_WORKING_DAYS", "soon"),
        ("CLINIC_NAME", "Clinic\r\nBcc: evil@example.com"),
        ("STAFF_NOTIFICATION_EMAILS", "nurse@clinic.example, not an address"),
        ("STAFF_NOTIFICATION_BATCH_MINUTES", 0),
        ("MAIL_PORT", 70000),
        ("MAIL_USE_TLS", "yes"),
        ("WEBHOOK_URL", "ftp://hooks.example"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_its_key(make_app, key, value):
    with pytest.raises(SettingsError, match=key):
        make_app(**{key: value})


def test_settings_come_from_flask_variables_and_are_checked(make_app, monkeypatch):
    monkeypatch.setenv("FLASK_CLINIC_BOOKING_URL", "not a url")
    with pytest.raises(SettingsError, match="CLINIC_BOOKING_URL"):
        make_app()
    monkeypatch.setenv("FLASK_CLINIC_BOOKING_URL", BOOKING)
    monkeypatch.setenv("FLASK_STAFF_NOTIFICATION_EMAILS", "a@clinic.example,b@x.org")
    app = make_app()
    assert app.config["CLINIC_BOOKING_URL"] == BOOKING
    assert app.config["STAFF_NOTIFICATION_EMAILS"] == ("a@clinic.example", "b@x.org")


def test_a_webhook_needs_a_secret_and_a_mail_server_a_sender(make_app):
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        make_app(WEBHOOK_URL="https://hooks.example/screening")
    with pytest.raises(SettingsError, match="MAIL_DEFAULT_SENDER"):
        make_app(MAIL_SERVER="smtp.example")
    with pytest.raises(SettingsError, match="MAIL_USE_TLS and MAIL_USE_SSL"):
        make_app(MAIL_USE_TLS=True, MAIL_USE_SSL=True)


def result_text(client, token) -> str:
    return client.get(f"/screening/{token}").get_data(as_text=True)


def test_an_eligible_patient_gets_the_booking_link_when_there_is_one(
    make_app, answers, page
):
    with_link = make_app(**CLINIC, CLINIC_BOOKING_URL=BOOKING).test_client()
    token = with_link.post("/screening", data=answers).location.rsplit("/", 1)[1]
    result = page(with_link.get(f"/screening/{token}"))
    assert result.select_one('[data-contact="booking"] a')["href"] == BOOKING
    without = make_app(**CLINIC).test_client()
    result = page(without.get(f"/screening/{token}"))
    assert not result.select('[data-contact="booking"]')
    phone = result.select_one('[data-contact="phone"] a')
    assert phone["href"] == "tel:+441632960001"


def test_needs_review_says_when_the_clinic_will_answer_and_the_footer_how_to_reach_it(
    make_app, answers
):
    client = make_app(**CLINIC).test_client()
    answers.update(takes_medication="yes", medications="ibuprofen")
    token = client.post("/screening", data=answers).location.rsplit("/", 1)[1]
    html = result_text(client, token)
    assert "The clinic will contact you within 3 working days." in html
    for value in CLINIC.values():
        assert str(value) in html
    checklist = client.get(f"/screening/{token}/checklist").get_data(as_text=True)
    for label in ("Clinic phone", "Clinic email", "Clinic address", "Opening hours"):
        assert label in checklist


@pytest.mark.parametrize(
    ("kind", "wording", "contact", "status"),
    [
        (
            "approved_for_consultation",
            "approved you for a consultation",
            '[data-contact="booking"]',
            "decided",
        ),
        (
            "needs_more_information",
            "The clinic needs more information and will contact you within 3 "
            "working days.",
            None,
            "new",
        ),
        ("declined", "declined it", '[data-contact="phone"]', "decided"),
    ],
)
def test_the_result_page_shows_the_clinics_latest_decision(
    make_app, login, staff_member, answers, page, kind, wording, contact, status
):
    app = make_app(**CLINIC, CLINIC_BOOKING_URL=BOOKING)
    patient = app.test_client()
    answers.update(takes_medication="yes", medications="ibuprofen")
    token = patient.post("/screening", data=answers).location.rsplit("/", 1)[1]
    assert not page(patient.get(f"/screening/{token}")).select("[data-decision]")
    nurse = app.test_client()
    login(nurse, staff_member)
    with app.app_context():
        screening = db.session.scalar(select(Screening).filter_by(token=token))
        reference = screening.reference
    nurse.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": kind, "note": "Private note for staff."},
    )
    result = page(patient.get(f"/screening/{token}"))
    panel = result.select_one(f'[data-decision="{kind}"]')
    assert wording in " ".join(panel.get_text().split())
    if contact:
        assert panel.select_one(contact)
    assert "Private note" not in str(result)
    with app.app_context():
        screening = db.session.scalar(select(Screening).filter_by(token=token))
        assert screening.review_status == status
    queue = nurse.get(f"/staff/screenings?status={status}").get_data(as_text=True)
    assert reference in queue
