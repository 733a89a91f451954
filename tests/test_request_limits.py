"""CSRF without lost answers, request size and per-field length limits."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.models import Screening

TWENTY_DAYS = 20 * 24 * 3600


def hidden_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def count_screenings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Screening))


def test_a_post_without_a_csrf_token_shows_the_answers_again(
    csrf_app, csrf_client, answers
):
    answers.update(takes_medication="yes", medications="Ibuprofen 200 mg")
    refused = csrf_client.post("/screening", data=answers)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "data-csrf-failed" in page
    for shown in ('value="Ada Example"', 'value="ada@example.com"', "Ibuprofen 200 mg"):
        assert shown in page
    assert count_screenings(csrf_app) == 0
    resent = {
        **answers,
        "csrf_token": hidden_value(page, "csrf_token"),
        "nonce": hidden_value(page, "nonce"),
    }
    assert csrf_client.post("/screening", data=resent).status_code == 303
    assert count_screenings(csrf_app) == 1


def test_a_csrf_token_does_not_expire_while_the_session_lives(
    csrf_client, answers, monkeypatch
):
    form = csrf_client.get("/screening").get_data(as_text=True)
    later = SimpleNamespace(time=lambda: time.time() + TWENTY_DAYS)
    monkeypatch.setattr("itsdangerous.timed.time", later)
    data = {**answers, "csrf_token": hidden_value(form, "csrf_token")}
    assert csrf_client.post("/screening", data=data).status_code == 303


def test_a_huge_form_body_is_refused_with_413(client, answers):
    response = client.post("/screening", data={**answers, "medications": "x" * 70_000})
    assert response.status_code == 413
    assert "<title>What you sent is too large" in response.get_data(as_text=True)


def test_a_huge_api_body_is_refused_with_413_in_json(client):
    response = client.post(
        "/api/v1/eligibility",
        data='{"medications": "' + "x" * 70_000 + '"}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.get_json() == {"error": "What you sent is too large"}


TOO_LONG = {
    "full_name": ("N" * 201, "Full name must be 200 characters or fewer"),
    "email": ("e" * 243 + "@example.com", "Email address must be 254 characters"),
    "phone": ("0" * 41, "Phone number must be 40 characters or fewer"),
    "medications": ("m" * 1001, "Medication list must be 1000 characters or fewer"),
}


@pytest.mark.parametrize("field", TOO_LONG)
def test_every_text_field_has_a_length_limit(app, submit, answers, field):
    value, message = TOO_LONG[field]
    answers["takes_medication"] = "yes"
    answers["medications"] = "Ibuprofen"
    response = submit(answers, **{field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_screenings(app) == 0


def test_the_api_limits_the_medication_list(client):
    response = client.post(
        "/api/v1/eligibility",
        json={
            "date_of_birth": "1990-03-14",
            "pregnant": "no",
            "good_health": True,
            "cancer_history": False,
            "heart_arrhythmia": False,
            "blood_clots": False,
            "takes_medication": True,
            "medications": "m" * 1001,
        },
    )
    assert response.status_code == 400
    assert "medications" in response.get_json()["errors"]
