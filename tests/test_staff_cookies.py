"""Patient pages set no staff cookie; staff cookies always carry their flags.

Issue 12: GET /screening and the result page answered
``Set-Cookie: remember_token=; Max-Age=0`` without Secure or HttpOnly,
Flask-Login's strong session protection running for anonymous visitors.
"""

from __future__ import annotations

import pytest
from support.pages import csrf_token_in, nonce_from

STAFF_COOKIE = "remember_token"
FLAGS = ("Secure", "HttpOnly", "SameSite=Lax")


def set_cookies(response) -> dict[str, str]:
    """Return each cookie the response sets, by name, with its attributes."""
    return {
        header.split("=", 1)[0]: header
        for header in response.headers.getlist("Set-Cookie")
    }


@pytest.fixture
def secure_app(make_app):
    """Return an application with production's cookie flags and CSRF tokens.

    The CSRF token is what puts something in a patient's session, and a
    session without a signed-in member is what set Flask-Login off.
    """
    return make_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True)


def patient_requests(client, answers, today) -> dict[str, object]:
    """Make every request a patient makes; return each response by endpoint."""
    responses = {
        "patient.start": client.get("/"),
        "patient.screening_form": client.get("/screening"),
    }
    form = responses["patient.screening_form"].get_data(as_text=True)
    posted = client.post(
        "/screening",
        data={**answers, "nonce": nonce_from(form), "csrf_token": csrf_token_in(form)},
    )
    assert posted.status_code == 303, posted.get_data(as_text=True)
    token = posted.location.rsplit("/", 1)[-1]
    responses |= {
        "patient.screening_form (POST)": posted,
        "patient.result": client.get(f"/screening/{token}"),
        "patient.checklist": client.get(f"/screening/{token}/checklist"),
        # No visit date was given, so this is its 404: still no staff cookie.
        "patient.visit_ics": client.get(f"/screening/{token}/visit.ics"),
        "patient.own_answers": client.get(f"/screening/{token}/answers"),
        "patient.own_answers_json": client.get(f"/screening/{token}/answers.json"),
        "patient.confirm_delete": client.get(f"/screening/{token}/delete"),
    }
    delete_form = responses["patient.confirm_delete"].get_data(as_text=True)
    responses |= {
        "patient.delete": client.post(
            f"/screening/{token}/delete",
            data={"csrf_token": csrf_token_in(delete_form)},
        ),
        "patient.deleted": client.get("/screening/deleted"),
        "not found": client.get("/no-such-page"),
        "static": client.get("/static/site.css"),
    }
    for response in responses.values():
        response.close()  # the static file's handle
    return responses


def test_no_patient_page_sets_a_staff_cookie(secure_app, answers, today):
    client = secure_app.test_client()
    responses = patient_requests(client, answers, today)
    patient_endpoints = {
        rule.endpoint
        for rule in secure_app.url_map.iter_rules()
        if rule.endpoint.startswith("patient.")
    }
    assert patient_endpoints <= set(responses), "a patient page is not checked"
    for name, response in responses.items():
        assert STAFF_COOKIE not in set_cookies(response), name
        assert set(set_cookies(response)) <= {"session"}, name


@pytest.fixture
def staff_browser(make_app, login, staff_member):
    """Return a client signed in on an app with production's cookie flags."""
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    assert login(client, staff_member).status_code == 303
    # As a browser might still hold from another deployment of the site.
    client.set_cookie(STAFF_COOKIE, "stale")
    return client


def flagged(header: str) -> bool:
    return all(f"; {flag}" in header for flag in FLAGS)


def test_signing_in_and_out_sets_staff_cookies_with_every_flag(
    make_app, login, staff_member
):
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    signed_in = login(client, staff_member)
    signed_out = client.post("/staff/logout")
    for response in (signed_in, signed_out):
        cookies = set_cookies(response)
        assert "session" in cookies
        assert all(flagged(header) for header in cookies.values()), cookies


def test_a_session_used_from_another_browser_is_cleared_with_every_flag(
    staff_browser,
):
    moved = staff_browser.get("/staff/", headers={"User-Agent": "another browser"})
    assert moved.status_code == 401
    cookie = set_cookies(moved)[STAFF_COOKIE]
    assert "Max-Age=0" in cookie and flagged(cookie)
