"""A question added to a copy of the catalogue reaches every door with no other change.

The application here asks one more question than the clinic's: whether the
patient is allergic to any medicine. It has no column of its own, so its
answer is kept with the stored trace; no migration, form class, schema,
template or label was written for it.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import Screening
from screening.rules import CATALOGUE, Kind, Question
from screening.rules.questions import HEALTH, YES_NO

ALLERGY = Question(
    "allergic",
    Kind.YES_NO,
    "Are you allergic to any medicine?",
    HEALTH,
    "Allergic to a medicine",
    missing="Select whether you are allergic to any medicine",
    hint="For example penicillin or lidocaine.",
    choices=YES_NO,
    exported=True,
)
WITH_ALLERGY = CATALOGUE.adding(ALLERGY)


@pytest.fixture
def app(make_app):
    """Return an application asking the catalogue with the allergy question."""
    return make_app(SCREENING_CATALOGUE=WITH_ALLERGY)


def test_the_form_asks_the_new_question_with_its_hint(client, page):
    form = page(client.get("/screening"))

    legend = form.find("legend", string="Are you allergic to any medicine?")
    fieldset = legend.find_parent("fieldset")
    radios = fieldset.select('input[type="radio"][name="allergic"]')
    assert [radio["value"] for radio in radios] == ["yes", "no"]
    assert all(radio.has_attr("required") for radio in radios)
    assert "penicillin" in fieldset.get_text()


def test_the_form_requires_the_new_question(submit, answers, stored, page):
    response = submit(answers)

    assert response.status_code == 200
    assert "Select whether you are allergic to any medicine" in response.text
    assert stored() == []


def test_the_answer_is_stored_and_shown_to_staff_and_exported(
    submit, answers, app, staff_client, admin_client, page
):
    assert submit(answers, allergic="yes").status_code == 303
    with app.app_context():
        screening = db.session.scalars(select(Screening)).one()
        reference = screening.reference
        assert screening.trace["answers"]["allergic"] is True

    for view in ("", "/summary"):
        shown = page(staff_client.get(f"/staff/screenings/{reference}{view}"))
        row = shown.select_one('[data-answer="allergic"]')
        assert row.dt.get_text(strip=True) == "Allergic to a medicine"
        assert row.dd.get_text(strip=True) == "Yes"

    export = admin_client.get("/staff/export.csv").text
    header, row = csv.reader(io.StringIO(export))
    # Headings and values in plain words, from the catalogue.
    assert dict(zip(header, row, strict=True))["Allergic to a medicine"] == "Yes"


def test_a_replayed_form_with_the_new_answer_is_stored_once(submit, answers, stored):
    same_form = {"allergic": "no", "nonce": "N" * 32}

    first = submit(answers, **same_form)
    again = submit(answers, **same_form)
    changed = submit(answers, **{**same_form, "allergic": "yes"})

    assert first.location == again.location != changed.location
    assert len(stored()) == 2


def test_the_api_validates_the_new_question(ask, api_answers):
    missing = ask(api_answers)
    as_text = ask(api_answers | {"allergic": "yes"})
    answered = ask(api_answers | {"allergic": False})

    assert missing.status_code == 400
    assert missing.json["errors"] == {
        "allergic": ["Select whether you are allergic to any medicine"]
    }
    assert as_text.json["errors"] == {"allergic": ["Must be true or false"]}
    assert answered.status_code == 200
    assert answered.json["outcome"] == "eligible"


def test_the_clinics_own_catalogue_does_not_know_the_question(make_app):
    client = make_app().test_client()
    body = client.get("/screening").text
    response = client.post(
        "/api/v1/eligibility",
        json={"date_of_birth": "1990-03-14", "allergic": True},
    )

    assert 'name="allergic"' not in body
    assert response.json["errors"]["allergic"] == ["Unknown field"]


WITH_COLUMNS = [question for question in CATALOGUE.questions if question.column]


@pytest.mark.parametrize("question", WITH_COLUMNS, ids=lambda question: question.id)
def test_a_question_with_its_own_column_can_always_be_stored_there(question):
    column = Screening.__table__.c[question.column]
    # A column refusing NULL needs an answer every screening has.
    always_answered = question.required is True or question.kind is Kind.MULTI_CHOICE
    assert column.nullable or always_answered
    assert question.staff_label


@pytest.mark.parametrize(
    ("form_changes", "api_changes", "question"),
    [
        ({"takes_medication": "yes"}, {"takes_medication": True}, "medications"),
        ({"pregnant": "maybe"}, {"pregnant": "maybe"}, "pregnant"),
        ({"medications": "x" * 1001}, {"medications": "x" * 1001}, "medications"),
    ],
    ids=["medication list missing", "unknown choice", "medication list too long"],
)
def test_the_form_and_the_api_refuse_alike_with_one_message(
    make_app, answers, api_answers, form_changes, api_changes, question
):
    client = make_app().test_client()
    api = client.post("/api/v1/eligibility", json=api_answers | api_changes)
    form = client.post("/screening", data=answers | form_changes).text

    (message,) = api.json["errors"][question]
    assert f"</span> {message}</p>" in form
