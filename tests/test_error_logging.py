"""The server log never holds personal data, not even when requests fail."""

from __future__ import annotations

import logging

import pytest
from support.answers import API_BODY

from screening.api import views as api_views
from screening.patient import views as patient_views
from screening.services import store as screenings

PERSONAL = {
    "full_name": "Zelda Quixote-Personal",
    "email": "zelda.personal@example.org",
    "phone": "07700 900123",
    "medications": "Warfarin-secret 5mg",
}


@pytest.fixture
def personal_answers(answers):
    return {**answers, **PERSONAL, "takes_medication": "yes", "nonce": "p" * 32}


@pytest.fixture
def log_records(caplog):
    """Capture everything the application logs, and libraries at INFO."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="screening")
    return caplog


def leaked(caplog) -> list[str]:
    text = caplog.text + "".join(str(record.args) for record in caplog.records)
    return [value for value in PERSONAL.values() if value in text]


def failing_with_the_answers(*args, **_kwargs):
    """Fail the way careless code does: quoting what it was given."""
    raise ValueError(f"cannot handle {args!r}")


def test_a_crash_while_storing_logs_where_not_what(
    client, personal_answers, log_records, monkeypatch
):
    monkeypatch.setattr(patient_views, "store_screening", failing_with_the_answers)
    response = client.post("/screening", data=personal_answers)
    assert response.status_code == 500
    assert "screening_form" in log_records.text
    assert "ValueError" in log_records.text
    assert leaked(log_records) == []


def test_a_crash_in_the_api_logs_where_not_what(client, log_records, monkeypatch):
    monkeypatch.setattr(api_views, "decide", failing_with_the_answers)
    body = {
        **API_BODY,
        "takes_medication": True,
        "medications": PERSONAL["medications"],
    }
    response = client.post("/api/v1/eligibility", json=body)
    assert response.status_code == 500
    assert response.get_json() == {
        "error": "Sorry, there is a problem with the service"
    }
    assert "ValueError" in log_records.text
    assert leaked(log_records) == []


def test_failing_requests_of_every_kind_log_no_personal_data(
    make_app, personal_answers, log_records, monkeypatch
):
    app = make_app(RATELIMIT_SCREENING="4 per minute", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    statuses = [
        client.post("/screening", data=personal_answers).status_code,  # no CSRF
        client.post(
            "/screening", data={**personal_answers, "filler": "x" * 70_000}
        ).status_code,
    ]
    unreachable = make_app(
        SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-directory/x.sqlite3",
        SCHEMA_CHECK_AT_START=False,
    )
    statuses.append(
        unreachable.test_client().post("/screening", data=personal_answers).status_code
    )
    validating = make_app(RATELIMIT_SCREENING="1 per minute").test_client()
    invalid = {**personal_answers, "date_of_birth-month": "13"}
    for _ in range(2):
        statuses.append(validating.post("/screening", data=invalid).status_code)
    assert statuses == [400, 413, 503, 200, 429]
    assert leaked(log_records) == []
    assert "OperationalError" in log_records.text


def test_a_screening_repr_names_no_person(app, client, personal_answers):
    client.post("/screening", data=personal_answers)
    with app.app_context():
        stored = screenings.find_by_nonce(personal_answers["nonce"])
        assert not [value for value in PERSONAL.values() if value in repr(stored)]
