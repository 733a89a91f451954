"""Hostile input in every field of the form and the API: no 5xx, always escaped.

Each value of the corpus goes into one field at a time, the other fields
holding valid answers. When the form accepts a value it must be stored as
typed, less surrounding whitespace and control characters, and shown
escaped on every page that displays it.
"""

from __future__ import annotations

import json
import re
import secrets
from urllib.parse import quote, quote_from_bytes

import pytest
from markupsafe import escape
from sqlalchemy import select
from support.answers import API_BODY
from support.hostile import (
    HOSTILE_STRINGS,
    INVALID_UTF8,
    dangerous,
    encoded,
    is_text,
)

from screening.fields import cleaned_text
from screening.infra.extensions import db
from screening.models import Screening

CORPUS = HOSTILE_STRINGS + INVALID_UTF8
UNLIMITED = {
    "RATELIMIT_SCREENING": "100000 per minute",
    "RATELIMIT_API": "100000/minute",
}
# What the form does with accepted text before storing it: trim it and drop
# control characters (PostgreSQL refuses NUL); nothing else changes.
STORED_AS = {
    "full_name": cleaned_text,
    "medications": cleaned_text,
    "email": cleaned_text,
    "phone": lambda value: cleaned_text(value) or None,
}
API_ANSWERS = {**API_BODY, "takes_medication": True, "medications": "Ibuprofen"}


def test_the_corpus_has_at_least_fifty_values():
    assert len(set(CORPUS)) == len(CORPUS) >= 50


@pytest.fixture
def hostile_app(make_app):
    return make_app(**UNLIMITED)


@pytest.fixture
def form_fields(hostile_app):
    """Return the name of every input the screening form renders."""
    page = hostile_app.test_client().get("/screening").get_data(as_text=True)
    form = page[page.index("<form") : page.index("</form>")]
    return sorted(set(re.findall(r'name="([^"]+)"', form)))


def form_body(answers: dict, field: str, value: str | bytes) -> bytes:
    """Return an urlencoded body with ``value`` in ``field``, as raw bytes."""
    pairs = {**answers, "nonce": secrets.token_urlsafe(24), field: value}
    return b"&".join(
        quote(name).encode() + b"=" + quote_from_bytes(encoded(item)).encode()
        for name, item in pairs.items()
    )


def assert_no_injected_header(response) -> None:
    for name, value in response.headers.items():
        assert "injected" not in name.lower() and "injected" not in value
    location = response.headers.get("Location")
    if location is not None:
        assert re.match(r"^(http://localhost)?/screening/[\w-]+$", location), location


def assert_escaped(page: str, value: str | bytes, where: str) -> None:
    if dangerous(value):
        assert value not in page, f"{where} shows {value[:40]!r} unescaped"


def stored_screening(app, location: str) -> Screening:
    with app.app_context():
        token = location.rsplit("/", 1)[-1]
        return db.session.scalar(select(Screening).filter_by(token=token))


def check_accepted(app, client, location, field, value) -> None:
    """The value is stored as the form keeps it and escaped where it is shown."""
    screening = stored_screening(app, location)
    assert getattr(screening, field) == STORED_AS[field](value)
    for page in (location, f"{location}/checklist"):
        response = client.get(page)
        assert response.status_code == 200
        assert_escaped(response.get_data(as_text=True), value, page)
    if field == "medications":
        # The checklist lists the medicines one a line: each line, escaped.
        checklist = client.get(f"{location}/checklist").get_data(as_text=True)
        for line in screening.medications.splitlines():
            assert str(escape(line.strip())) in checklist


def test_every_form_field_survives_every_hostile_value(
    hostile_app, form_fields, answers
):
    client = hostile_app.test_client()
    answers.update(takes_medication="yes", medications="Ibuprofen")
    answers["treatment_areas"] = "thighs"
    assert len(form_fields) >= 19
    accepted = 0
    for field in form_fields:
        for value in CORPUS:
            where = f"{field}={value[:40]!r}"
            response = client.post(
                "/screening",
                data=form_body(answers, field, value),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code < 500, where
            assert response.status_code in (200, 303, 413), where
            assert_no_injected_header(response)
            if response.status_code == 200:
                assert_escaped(response.get_data(as_text=True), value, where)
            if response.status_code == 303:
                accepted += 1
            if response.status_code == 303 and field in STORED_AS and is_text(value):
                check_accepted(
                    hostile_app, client, response.headers["Location"], field, value
                )
    assert accepted > len(CORPUS)


def api_post(client, body: bytes):
    return client.post(
        "/api/v1/eligibility", data=body, content_type="application/json"
    )


def test_every_api_field_survives_every_hostile_value(hostile_app):
    client = hostile_app.test_client()
    for field in [*API_ANSWERS, "unknown_field"]:
        for value in HOSTILE_STRINGS:
            body = json.dumps({**API_ANSWERS, field: value}).encode()
            response = api_post(client, body)
            assert response.status_code in (200, 400, 413), (field, value[:40])
            assert response.is_json
            assert_no_injected_header(response)


@pytest.mark.parametrize("value", CORPUS, ids=range(len(CORPUS)))
def test_hostile_api_bodies_are_refused_in_json(hostile_app, value):
    client = hostile_app.test_client()
    raw = encoded(value)
    for body in (raw, b'{"medications": "' + raw + b'"}', b'{"' + raw + b'": 1}'):
        response = api_post(client, body)
        assert response.status_code in (400, 413)
        assert response.is_json
