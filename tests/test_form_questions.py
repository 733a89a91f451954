"""The questions that apply only after another answer, allergies, and phone numbers."""

from __future__ import annotations

import pytest

from screening.infra.clinic import SettingsError
from screening.rules import CATALOGUE


def error_beside(page, response, field: str) -> str:
    return page(response).select_one(f"#{field}-error").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("question", "depends_on", "value"),
    [
        ("medications", "takes_medication", "yes"),
        ("allergy_details", "allergies", "yes"),
        ("other_area", "treatment_areas", "other"),
    ],
)
def test_a_dependent_question_sits_in_a_box_revealed_by_its_answer(
    client, page, question, depends_on, value
):
    form = page(client.get("/screening"))

    box = form.select_one(f"#{question}").find_parent(attrs={"data-shown-when": True})
    assert (box["data-shown-when"], box["data-shown-value"]) == (depends_on, value)
    # Shown without JavaScript: site.js hides it; the hint says when to answer.
    assert not box.has_attr("hidden")
    assert "Only if you" in box.select_one(".hint").get_text()


def test_the_script_reveals_the_box_on_the_answer_and_keeps_typed_text_visible(client):
    with client.get("/static/site.js") as response:
        script = response.get_data(as_text=True)

    assert "[data-shown-when]" in script
    assert "box.hidden = !chosen && !(typed && typed.value.trim())" in script


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"allergies": "no", "allergy_details": "Penicillin"}, "allergy_details"),
        ({"other_area": "Calves"}, "other_area"),
    ],
    ids=["allergy details after No", "other area without Somewhere else"],
)
def test_an_answer_to_a_question_not_asked_is_refused_with_its_message(
    submit, answers, stored, page, changes, field
):
    response = submit(answers, **changes)

    assert response.status_code == 200
    assert error_beside(page, response, field) == f"Error: {CATALOGUE[field].unasked}"
    assert stored() == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"allergies": "yes"}, "allergy_details", "Enter what you are allergic to"),
        (
            {"treatment_areas": ["thighs", "other"]},
            "other_area",
            "Enter the other area you would like treated",
        ),
        ({"allergies": ""}, "allergies", "Select whether you have any allergies"),
    ],
    ids=["allergy details missing", "other area missing", "allergies not answered"],
)
def test_a_question_the_answers_call_for_must_be_answered(
    submit, answers, page, changes, field, message
):
    response = submit(answers, **changes)

    assert error_beside(page, response, field) == f"Error: {message}"


def test_allergies_are_kept_with_the_answers_and_send_the_screening_to_review(
    submit, answers, stored
):
    submit(
        answers,
        allergies="yes",
        allergy_details="Plasters",
        treatment_areas=["other"],
        other_area="Calves",
    )

    (screening,) = stored()
    assert screening.outcome == "needs_review"
    assert [fired["rule"] for fired in screening.fired] == ["allergies"]
    assert screening.trace["answers"] == {
        "allergies": True,
        "allergy_details": "Plasters",
        "other_area": "Calves",
    }


def test_the_general_health_question_has_a_hint(client, page):
    form = page(client.get("/screening"))

    assert "Answer No if you are unwell" in form.select_one("#good_health-hint").text


# Phone numbers follow the clinic's country

COUNTRIES = {
    None: ("+44 7700 900 982", ["01632 960 001", "+1 201 555 0123"], ["12345"]),
    "GB": ("01632 960 001 or +44 7700 900 982", ["01632 960 001"], ["201 555 0123"]),
    "US": ("(201) 555-0123 or +1 201 555 0123", ["(201) 555-0123"], ["01632 960 001"]),
    "AU": ("0491 570 006 or +61 491 570 006", ["0491 570 006"], ["(201) 555-0123"]),
}


@pytest.mark.parametrize(("country", "case"), COUNTRIES.items(), ids=str)
def test_the_phone_hint_and_check_follow_the_clinics_country(
    make_app, answers, page, country, case
):
    examples, good, bad = case
    client = make_app(CLINIC_COUNTRY=country).test_client()

    form = page(client.get("/screening"))
    assert form.select_one("#phone-hint").get_text() == f"For example {examples}."
    for number in good + bad:
        nonce = form.select_one('input[name="nonce"]')["value"]
        response = client.post(
            "/screening", data=answers | {"phone": number, "nonce": nonce}
        )
        assert (response.status_code == 303) == (number in good), number
        if number in bad:
            shown = error_beside(page, response, "phone")
            assert shown == f"Error: Enter a phone number, like {examples}"


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"CLINIC_COUNTRY": "Narnia"}, "CLINIC_COUNTRY"),
        ({"CLINIC_SESSION_PRICE": 250}, "CLINIC_SESSION_PRICE and CLINIC_CURRENCY"),
        ({"CLINIC_CURRENCY": "£"}, "CLINIC_SESSION_PRICE and CLINIC_CURRENCY"),
        (
            {"CLINIC_SESSION_PRICE": "cheap", "CLINIC_CURRENCY": "£"},
            "CLINIC_SESSION_PRICE",
        ),
        ({"CLINIC_SESSION_PRICE": 250, "CLINIC_CURRENCY": "pounds"}, "CLINIC_CURRENCY"),
    ],
)
def test_a_bad_country_or_price_stops_start_up_naming_the_key(make_app, settings, key):
    with pytest.raises(SettingsError, match=key):
        make_app(**settings)
