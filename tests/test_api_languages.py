"""The JSON API speaks the request's language: messages, reasons and advice.

With ``Accept-Language: es`` every sentence meant for a person is Spanish;
what a program reads (outcome, rule ids, severities, bases, field names,
advice ids, FHIR issue codes and paths) is the same in every language.
Without the header the API answers in English, as it always has.
"""

from __future__ import annotations

import pytest
from support.fhir import response_to
from support.languages import SPANISH, spanish

from screening.rules import CATALOGUE, default_ruleset
from screening.rules.article import EFFECTIVENESS, SIDE_EFFECTS
from screening.rules.guidance import CHECKLIST
from screening.services.fhir_records import FHIR_JSON

ENDPOINT = "/api/v1/eligibility"


@pytest.fixture
def ask_in(client):
    """Return a function posting a JSON body with the given headers."""
    return lambda body, headers=None: client.post(
        ENDPOINT, json=body, headers=headers or {}
    )


def test_a_body_that_is_not_json_is_refused_in_spanish(client):
    sent = {"data": b"{not json", "content_type": "application/json"}
    english = client.post(ENDPOINT, **sent)
    spanish_answer = client.post(ENDPOINT, headers=SPANISH, **sent)

    assert english.json == {"error": "The request body is not valid JSON"}
    assert spanish_answer.status_code == 400
    assert spanish_answer.json == {
        "error": spanish("The request body is not valid JSON")
    }
    assert "Accept-Language" in spanish_answer.headers["Vary"]


def test_a_body_that_is_not_an_object_or_not_json_at_all_is_refused_in_spanish(
    client,
):
    not_an_object = client.post(ENDPOINT, json=[], headers=SPANISH)
    not_json = client.post(ENDPOINT, data="x", headers=SPANISH)

    assert not_an_object.json["error"] == spanish(
        "The request body must be a JSON object"
    )
    assert not_json.status_code == 415
    assert not_json.json["error"] == spanish(
        "Send the request body as application/json"
    )


def test_missing_answers_are_named_in_spanish_by_their_english_field_names(
    ask_in, api_answers
):
    body = api_answers | {"date_of_birth": None, "pregnant": None, "shoe_size": 7}

    errors = ask_in(body, SPANISH).json["errors"]

    assert errors == {
        "date_of_birth": [spanish("Enter your date of birth")],
        "pregnant": [spanish("Select whether you are pregnant or could be")],
        "shoe_size": [spanish("Unknown field")],
    }
    assert errors["date_of_birth"] == ["Escriba su fecha de nacimiento"]


def test_a_date_of_birth_too_long_ago_gives_the_bound_as_spanish_writes_dates(
    ask_in, api_answers
):
    body = api_answers | {"date_of_birth": "1899-12-31"}

    english = ask_in(body).json["errors"]["date_of_birth"]
    spanish_errors = ask_in(body, SPANISH).json["errors"]["date_of_birth"]

    assert english == ["Date of birth must be after 1 January 1900"]
    assert spanish_errors == [
        "La fecha de nacimiento debe ser posterior al 1 de enero de 1900"
    ]


BAD_ANSWERS = {
    "future birth": (
        {"date_of_birth": "2030-01-01"},
        "date_of_birth",
        "Date of birth must be in the past",
    ),
    "no such day": (
        {"date_of_birth": "1990-02-30"},
        "date_of_birth",
        "Must be a real date written as YYYY-MM-DD",
    ),
    "past visit": (
        {"visit_date": "2026-06-01"},
        "visit_date",
        "Visit date must be today or in the future",
    ),
    "not a boolean": ({"good_health": "yes"}, "good_health", "Must be true or false"),
    "not a choice": (
        {"treatment_areas": ["elbows"]},
        "treatment_areas",
        "Select treatment areas from the list",
    ),
}


@pytest.mark.parametrize(
    ("changes", "field", "english"), BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys()
)
def test_each_kind_of_bad_answer_is_refused_in_spanish(
    ask_in, api_answers, today, changes, field, english
):
    body = api_answers | changes

    assert ask_in(body).json["errors"][field] == [english]
    assert ask_in(body, SPANISH).json["errors"][field] == [spanish(english)]


def test_a_too_long_answer_names_the_answer_in_spanish_too(ask_in, api_answers):
    body = api_answers | {"takes_medication": True, "medications": "x" * 1001}

    english = ask_in(body).json["errors"]["medications"]
    spanish_errors = ask_in(body, SPANISH).json["errors"]["medications"]

    assert english == ["Medication list must be 1000 characters or fewer"]
    assert spanish_errors == [
        spanish(
            "{name} must be {limit} characters or fewer",
            name=spanish("Medication list"),
            limit=1000,
        )
    ]
    assert "Medication" not in spanish_errors[0]


def test_the_reasons_are_spanish_and_what_programs_read_is_not(ask_in, api_answers):
    body = api_answers | {"pregnant": "yes", "date_of_birth": "2010-01-01"}

    english = ask_in(body).json
    answer = ask_in(body, SPANISH).json

    ruleset = default_ruleset()
    assert answer["outcome"] == english["outcome"] == "not_eligible"
    for said, plain in zip(answer["reasons"], english["reasons"], strict=True):
        assert {k: said[k] for k in ("rule", "severity", "basis")} == {
            k: plain[k] for k in ("rule", "severity", "basis")
        }
        assert plain["message"] == ruleset.result_of(plain["rule"]).message
        assert said["message"] != plain["message"]
        assert said["source"] == spanish(SIDE_EFFECTS)
    by_rule = {reason["rule"]: reason["message"] for reason in answer["reasons"]}
    assert by_rule == {
        "age-below-minimum": spanish(
            "The clinic treats people aged {minimum_age} to {maximum_age}.",
            minimum_age=18,
            maximum_age=70,
        ),
        "pregnant": spanish("The clinic does not give mesotherapy during pregnancy."),
    }
    assert (
        by_rule["age-below-minimum"] == "La clínica trata a personas de 18 a 70 años."
    )


def test_the_advice_is_spanish_with_its_ids_and_bases_unchanged(ask_in, api_answers):
    body = api_answers | {"takes_medication": True, "medications": "ibuprofeno"}

    english = ask_in(body).json["advice"]
    advice = ask_in(body, SPANISH).json["advice"]

    texts = {item.id: item.text for item in CHECKLIST}
    assert [item["id"] for item in advice] == [item["id"] for item in english]
    for said, plain in zip(advice, english, strict=True):
        assert said["basis"] == plain["basis"]
        assert plain["text"] == texts[plain["id"]]
        assert said["text"] == spanish(texts[said["id"]])
        assert said["sections"] == [spanish(section) for section in plain["sections"]]
    cost = next(item for item in advice if item["id"] == "check-cost")
    assert cost["sections"] == [spanish(EFFECTIVENESS)]


def test_the_spanish_answer_has_the_english_answers_shape(ask_in, api_answers):
    body = api_answers | {"heart_arrhythmia": True}

    english = ask_in(body).json
    answer = ask_in(body, SPANISH).json

    assert set(answer) == set(english)
    assert [set(reason) for reason in answer["reasons"]] == [
        set(reason) for reason in english["reasons"]
    ]
    assert [set(item) for item in answer["advice"]] == [
        set(item) for item in english["advice"]
    ]


def test_a_language_the_clinic_does_not_offer_gets_english(ask_in, api_answers):
    body = api_answers | {"date_of_birth": None}

    errors = ask_in(body, {"Accept-Language": "fr"}).json["errors"]

    assert errors["date_of_birth"] == [CATALOGUE["date_of_birth"].missing]


# FHIR: the OperationOutcome's diagnostics are words; its codes and paths are not.


def post_fhir(client, resource, headers=None):
    return client.post(
        ENDPOINT, json=resource, content_type=FHIR_JSON, headers=headers or {}
    )


def test_fhir_diagnostics_are_spanish_and_the_codes_and_paths_are_not(
    client, api_answers
):
    body = {**api_answers, "date_of_birth": None}
    resource = response_to(body)
    resource["item"].append({"linkId": "shoe_size", "answer": [{"valueString": "7"}]})
    first = resource["item"][0]
    resource["item"].append(dict(first))

    english = post_fhir(client, resource).json["issue"]
    issues = post_fhir(client, resource, SPANISH).json["issue"]

    assert [(i["code"], i["expression"]) for i in issues] == [
        (i["code"], i["expression"]) for i in english
    ]
    assert [i["diagnostics"] for i in issues] == [
        spanish("This linkId is not in the Questionnaire"),
        spanish("{question} is answered twice", question=first["linkId"]),
    ]


def test_fhir_answers_that_break_the_catalogue_are_refused_in_spanish(
    client, api_answers
):
    body = {**api_answers, "date_of_birth": "1899-12-31"}

    [issue] = post_fhir(client, response_to(body), SPANISH).json["issue"]

    assert issue["code"] == "invariant"
    assert issue["diagnostics"] == (
        "La fecha de nacimiento debe ser posterior al 1 de enero de 1900"
    )


def test_a_fhir_body_that_is_not_json_is_refused_in_spanish(client):
    response = client.post(
        ENDPOINT, data=b"{not json", content_type=FHIR_JSON, headers=SPANISH
    )

    [issue] = response.json["issue"]
    assert (issue["code"], issue["diagnostics"]) == (
        "structure",
        spanish("The body is not valid JSON"),
    )
