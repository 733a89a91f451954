"""Storing a screening from the form: once per nonce, with consent, in our words."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from support.form_pages import (
    TOKEN_URL,
    as_utc,
)

from screening.infra.extensions import db as _db
from screening.rules import default_ruleset
from screening.services import store as screenings

# Storing a screening


def test_a_valid_form_is_stored_once_and_redirects_with_303_to_a_token(
    submit, answers, stored
):
    response = submit(answers)

    assert response.status_code == 303
    match = TOKEN_URL.match(response.headers["Location"])
    assert match, response.headers["Location"]
    (screening,) = stored()
    assert screening.token == match.group(1)
    assert screening.reference not in response.headers["Location"]


def test_the_stored_screening_keeps_consent_policy_and_decision(
    submit, answers, stored, app, today, clock
):
    submit(answers, takes_medication="yes", medications="Ibuprofen")

    (screening,) = stored()
    assert as_utc(screening.consent_given_at) == clock.now()
    assert screening.privacy_notice_version == app.config["PRIVACY_NOTICE_VERSION"]
    assert screening.ruleset_version == default_ruleset().version
    assert screening.as_of_date == today
    assert screening.age == 36
    assert screening.outcome == "needs_review"
    assert [fired["rule"] for fired in screening.fired] == ["takes-medication"]
    assert screening.fired[0]["severity"] == "refer"
    assert screening.medications == "Ibuprofen"
    assert screening.reference.startswith("MS-")


def test_the_answers_are_stored_under_the_project_vocabulary(
    submit, answers, stored, today
):
    submit(
        answers,
        full_name="Ada\x00 Example",
        email=" ada@example.com ",
        phone="01632 960 001",
        pregnant="unsure",
        treatment_areas=["hips", "neck"],
        **{"visit_date-day": "1", "visit_date-month": "9", "visit_date-year": "2026"},
    )

    (screening,) = stored()
    assert screening.full_name == "Ada Example"
    assert screening.email == "ada@example.com"
    assert screening.phone == "01632 960 001"
    assert screening.pregnant == "unsure"
    assert screening.good_health is True
    assert screening.treatment_areas == ["hips", "neck"]
    assert screening.visit_date == screening.as_of_date
    assert screening.as_of_date.isoformat() == "2026-09-01"


def test_the_visit_date_moves_the_age(submit, answers, stored, today, born):
    # 17 today (15 June 2026), 18 on the planned visit.
    submit(
        answers | born(today.replace(year=2008, day=20)),
        **{"visit_date-day": "20", "visit_date-month": "6", "visit_date-year": "2026"},
    )

    (screening,) = stored()
    assert (screening.age, screening.outcome) == (18, "eligible")


def test_without_a_visit_date_the_age_is_taken_today(
    submit, answers, stored, today, born
):
    submit(answers | born(today.replace(year=2008, day=20)))

    (screening,) = stored()
    assert (screening.age, screening.outcome) == (17, "not_eligible")
    assert screening.fired[0]["rule"] == "age-below-minimum"


def test_medications_typed_after_no_are_refused_with_a_message_not_dropped(
    submit, answers, stored, page
):
    response = submit(answers, takes_medication="no", medications="Ibuprofen")

    assert response.status_code == 200
    shown = page(response)
    assert shown.select_one("#medications-error").get_text(" ", strip=True) == (
        "Error: You answered No to taking medication: select Yes, or clear the "
        "medication list"
    )
    assert "Ibuprofen" in shown.select_one("#medications").get_text()
    assert stored() == []


def test_each_screening_gets_its_own_token_and_reference(submit, answers, stored):
    submit(answers)
    submit(answers)

    first, second = stored()
    assert first.token != second.token
    assert first.reference != second.reference


def test_replaying_the_same_post_gives_the_same_redirect_and_no_second_row(
    client, answers, page, stored
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]

    first = client.post("/screening", data=answers | {"nonce": nonce})
    replay = client.post("/screening", data=answers | {"nonce": nonce})

    assert first.status_code == replay.status_code == 303
    assert replay.headers["Location"] == first.headers["Location"]
    assert len(stored()) == 1


def test_the_same_form_sent_again_with_changed_answers_is_a_new_screening(
    client, answers, page, stored
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]
    first = client.post("/screening", data=answers | {"nonce": nonce})

    corrected = answers | {"takes_medication": "yes", "medications": "Warfarin"}
    second = client.post("/screening", data=corrected | {"nonce": nonce})

    assert second.status_code == 303
    assert second.headers["Location"] != first.headers["Location"]
    assert [row.outcome for row in stored()] == ["eligible", "needs_review"]
    replay = client.post("/screening", data=answers | {"nonce": nonce})
    assert replay.headers["Location"] == first.headers["Location"]


def test_two_posts_racing_with_one_nonce_store_one_row(
    client, answers, page, stored, monkeypatch
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]
    first = client.post("/screening", data=answers | {"nonce": nonce})
    # The second request looked before the first one committed: it saw nothing.
    lookups = iter([None])
    real_lookup = screenings.find_by_nonce
    monkeypatch.setattr(
        screenings, "find_by_nonce", lambda n: next(lookups, real_lookup(n))
    )

    second = client.post("/screening", data=answers | {"nonce": nonce})

    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert len(stored()) == 1


@pytest.mark.parametrize("nonce", ["", "short", "bad chars!" * 4])
def test_a_missing_or_malformed_nonce_still_stores_the_screening(
    client, answers, stored, nonce
):
    response = client.post("/screening", data=answers | {"nonce": nonce})

    assert response.status_code == 303
    assert stored()[0].submission_nonce != nonce


def test_a_database_failure_stores_nothing_and_says_so(
    submit, answers, stored, monkeypatch, caplog
):
    def unavailable():
        raise OperationalError("INSERT", {}, ConnectionError("server closed"))

    with monkeypatch.context() as patched:
        patched.setattr(_db.session, "commit", unavailable)
        response = submit(answers)

    assert response.status_code == 503
    assert "your answers were not saved" in response.get_data(as_text=True)
    assert stored() == []
    assert "Ada" not in caplog.text
