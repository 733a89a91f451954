"""Every patient page, in every state, read in Spanish: no English left.

Each page is fetched by a patient who chose Spanish with the language link,
and its visible text is checked against the Spanish catalogue: no source
sentence with a different translation may remain, and no piece of text may
read as English (which catches words never marked for translation). Names,
free text and the clinic's own settings stay as written.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.catalogues import (
    TRANSLATIONS,
    english_left,
    english_sentences,
    read_catalogue,
)
from support.pages import checked_page, csrf_token_in
from support.spanish import choose_spanish
from support.staff import STAFF_PASSWORD, add_staff

from screening.infra.extensions import db
from screening.models import DecisionKind, Screening
from screening.services.review import record_decision

SPANISH = read_catalogue(TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po")
SENTENCES = english_sentences(SPANISH)
# What patients typed, and the clinic's name: shown as written.
AS_WRITTEN = ("Ada Example", "ada@example.com", "Ibuprofen", "Mesotherapy clinic")
STATES = {
    "eligible": {},
    "needs-review": {"takes_medication": "yes", "medications": "Ibuprofen"},
    "pregnancy-unsure": {"pregnant": "unsure"},
    "not-eligible-pregnant": {"pregnant": "yes"},
    "not-eligible-too-young": {"date_of_birth-year": "2015"},
    "not-eligible-too-old": {"date_of_birth-year": "1940"},
}
DECISIONS = list(DecisionKind)


@pytest.fixture
def spanish(client):
    """Return the client after the patient chose Spanish with the language link."""
    choose_spanish(client)
    return client


def assert_spanish(response, *allowed: str) -> None:
    page = checked_page(response)
    assert page.select_one("html")["lang"] == "es"
    assert english_left(page, SENTENCES, AS_WRITTEN + allowed) == []


def decide(app, token: str, kind: DecisionKind) -> None:
    with app.app_context():
        staff, _ = add_staff("nurse@clinic.example", STAFF_PASSWORD, admin=True)
        screening = db.session.scalar(select(Screening).filter_by(token=token))
        record_decision(
            screening,
            staff,
            kind,
            "Checked by phone with the patient.",
            override_confirmed=True,
        )
        db.session.commit()


@pytest.mark.parametrize("path", ["/", "/screening", "/screening/deleted"])
def test_pages_without_a_screening_are_in_spanish(spanish, path):
    assert_spanish(spanish.get(path))


def test_the_form_with_errors_is_in_spanish_and_keeps_the_answers(
    spanish, answers, submit
):
    response = submit(
        answers, pregnant="", **{"date_of_birth-day": "31", "date_of_birth-month": "2"}
    )
    assert "data-error-summary" in response.text
    assert_spanish(response)
    assert 'value="Ada Example"' in response.text


@pytest.mark.parametrize("state", STATES)
def test_the_result_checklist_answers_and_delete_pages_are_in_spanish(
    spanish, screen, answers, state
):
    token = screen(answers, **STATES[state])
    for suffix in ("", "/checklist", "/answers", "/delete"):
        response = spanish.get(f"/screening/{token}{suffix}")
        assert response.status_code in (200, 404), suffix
        assert_spanish(response)


@pytest.mark.parametrize("kind", DECISIONS, ids=[str(kind) for kind in DECISIONS])
def test_the_clinics_decision_is_shown_in_spanish(app, spanish, screen, answers, kind):
    token = screen(answers, takes_medication="yes", medications="Ibuprofen")
    decide(app, token, kind)
    assert_spanish(spanish.get(f"/screening/{token}"))


def test_error_pages_are_in_spanish(spanish):
    assert_spanish(spanish.get("/screening/not-a-real-token"))
    assert_spanish(spanish.get("/no-such-page"))


def test_the_csrf_failure_page_stays_in_spanish(csrf_client, answers):
    choose_spanish(csrf_client)
    page = csrf_client.get("/screening").text
    assert csrf_token_in(page)
    response = csrf_client.post("/screening", data={**answers, "csrf_token": "stale"})
    assert response.status_code == 400
    assert_spanish(response)


def test_the_deleted_screening_page_is_in_spanish(spanish, screen, answers):
    token = screen(answers)
    page = spanish.get(f"/screening/{token}/delete").text
    response = spanish.post(
        f"/screening/{token}/delete", data={"csrf_token": csrf_token_in(page) or ""}
    )
    assert_spanish(spanish.get(response.headers["Location"]))
