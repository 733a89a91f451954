"""The FHIR Questionnaire, and QuestionnaireResponses posted to the eligibility API."""

from __future__ import annotations

import pytest
from support.fhir import (
    BASE,
    FHIR_JSON,
    response_to,
    valid_outcome,
    valid_questionnaire,
)

from screening.fhir import catalogue_version
from screening.rules import CATALOGUE, Kind, Question
from screening.rules.questions import HEALTH, YES_NO

PATH = "/fhir/Questionnaire/mesotherapy-screening"


@pytest.fixture
def post_fhir(client):
    """Return a function posting a resource as application/fhir+json."""
    return lambda resource: client.post(
        "/api/v1/eligibility", json=resource, content_type=FHIR_JSON
    )


def test_the_questionnaire_is_public_and_valid_fhir(client):
    response = client.get(PATH)
    assert response.status_code == 200
    assert response.mimetype == FHIR_JSON
    parsed = valid_questionnaire(response.get_json())
    assert parsed.url == f"{BASE}/Questionnaire/mesotherapy-screening"
    assert parsed.version == catalogue_version(CATALOGUE)
    assert [item.linkId for item in parsed.item] == [q.id for q in CATALOGUE]


def spanish_of(element: dict) -> list[str]:
    """Return the Spanish translations an element's extension carries."""
    return [
        part["valueString"]
        for translation in element["extension"]
        if translation["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
        for part in translation["extension"]
        if part["url"] == "content"
        and {"url": "lang", "valueCode": "es"} in translation["extension"]
    ]


def test_every_question_and_choice_carries_its_spanish_translation(client):
    resource = client.get(PATH).get_json()
    assert resource["language"] == "en"
    items = {item["linkId"]: item for item in resource["item"]}
    assert spanish_of(items["pregnant"]["_text"]) == [
        "¿Está embarazada o podría estarlo?"
    ]
    for item in items.values():
        [spanish] = spanish_of(item["_text"])
        assert spanish and spanish != item["text"]
        for option in item.get("answerOption", []):
            assert spanish_of(option["valueCoding"]["_display"])
    valid_questionnaire(resource)


def test_a_clinic_offering_english_only_sends_no_translations(make_app):
    app = make_app(LANGUAGES=("en",))
    resource = app.test_client().get(PATH).get_json()
    assert all("_text" not in item for item in resource["item"])


def test_each_item_carries_its_type_choices_and_condition(client):
    items = {item["linkId"]: item for item in client.get(PATH).get_json()["item"]}
    assert {
        key: value for key, value in items["date_of_birth"].items() if key != "_text"
    } == {
        "linkId": "date_of_birth",
        "text": "Date of birth",
        "type": "date",
        "required": True,
    }
    assert items["visit_date"]["required"] is False
    assert items["good_health"]["type"] == "boolean"
    assert [o["valueCoding"]["code"] for o in items["pregnant"]["answerOption"]] == [
        "yes",
        "no",
        "unsure",
    ]
    assert items["treatment_areas"]["repeats"] is True
    medications = items["medications"]
    assert medications["type"] == "text" and medications["maxLength"] == 1000
    assert medications["enableWhen"] == [
        {"question": "takes_medication", "operator": "=", "answerBoolean": True}
    ]


def test_the_publisher_and_canonical_base_come_from_the_configuration(make_app):
    app = make_app(
        CLINIC_NAME="Riverside clinic",
        CLINIC_CONTACT_EMAIL="hello@riverside.example",
        CLINIC_WEBSITE="https://riverside.example",
        FHIR_BASE_URL="https://fhir.riverside.example/r4/",
    )
    resource = app.test_client().get(PATH).get_json()
    valid_questionnaire(resource)
    assert resource["publisher"] == "Riverside clinic"
    assert resource["url"] == (
        "https://fhir.riverside.example/r4/Questionnaire/mesotherapy-screening"
    )
    assert resource["contact"] == [
        {
            "name": "Riverside clinic",
            "telecom": [
                {"system": "email", "value": "hello@riverside.example"},
                {"system": "url", "value": "https://riverside.example"},
            ],
        }
    ]


def test_the_version_changes_exactly_when_the_questions_do():
    allergy = Question(
        "allergic", Kind.YES_NO, "Allergic?", HEALTH, "Allergic", choices=YES_NO
    )
    same = type(CATALOGUE)(tuple(CATALOGUE.questions))
    assert catalogue_version(same) == catalogue_version(CATALOGUE)
    assert catalogue_version(CATALOGUE.adding(allergy)) != catalogue_version(CATALOGUE)
    reworded = type(CATALOGUE)(
        tuple(
            q
            if q.id != "pregnant"
            else Question(**{**q.__dict__, "label": "Pregnant?"})
            for q in CATALOGUE
        )
    )
    assert catalogue_version(reworded) != catalogue_version(CATALOGUE)


def test_a_questionnaire_of_another_catalogue_lists_its_questions(make_app):
    allergy = Question(
        "allergic", Kind.YES_NO, "Allergic?", HEALTH, "Allergic", choices=YES_NO
    )
    app = make_app(SCREENING_CATALOGUE=CATALOGUE.adding(allergy))
    resource = app.test_client().get(PATH).get_json()
    assert resource["item"][-1]["linkId"] == "allergic"
    assert resource["version"] == catalogue_version(CATALOGUE.adding(allergy))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"pregnant": "unsure"},
        {"pregnant": "yes", "good_health": False},
        {"takes_medication": True, "medications": "ibuprofen 200 mg"},
        {"date_of_birth": "2012-01-01"},
        {"visit_date": "2026-07-01", "treatment_areas": ["thighs", "arms"]},
    ],
)
def test_a_response_gets_exactly_the_json_bodys_answer(
    ask, post_fhir, api_answers, changes, today
):
    body = {**api_answers, **changes}
    as_json = ask(body)
    as_fhir = post_fhir(response_to(body))
    assert as_json.status_code == as_fhir.status_code == 200
    assert as_fhir.get_json() == as_json.get_json()


def test_a_response_to_the_questionnaire_without_its_version_is_read(
    post_fhir, api_answers
):
    resource = response_to(api_answers)
    resource["questionnaire"] = resource["questionnaire"].split("|")[0]
    assert post_fhir(resource).status_code == 200


def issues_of(response) -> list[dict]:
    assert response.status_code == 400
    assert response.mimetype == FHIR_JSON
    valid_outcome(response.get_json())
    return response.get_json()["issue"]


def test_an_unknown_link_id_is_refused_with_an_operation_outcome(
    post_fhir, api_answers
):
    resource = response_to(api_answers)
    resource["item"].append({"linkId": "shoe_size", "answer": [{"valueString": "7"}]})
    [issue] = issues_of(post_fhir(resource))
    assert issue["code"] == "not-found"
    added = len(resource["item"]) - 1
    assert issue["expression"] == [f"QuestionnaireResponse.item[{added}]"]


@pytest.mark.parametrize(
    "link_id, wrong",
    [
        ("good_health", {"valueString": "yes"}),
        ("date_of_birth", {"valueDate": "14/03/1990"}),
        ("date_of_birth", {"valueDate": "1990-02-30"}),
        ("pregnant", {"valueBoolean": False}),
        ("pregnant", {"valueCoding": "no"}),
        ("medications", {"valueCoding": {"code": "x"}}),
        ("good_health", {"valueBoolean": True, "valueString": "also"}),
        ("good_health", "true"),
    ],
)
def test_an_answer_of_the_wrong_type_is_refused(post_fhir, api_answers, link_id, wrong):
    resource = response_to({**api_answers, "medications": None})
    resource["item"] = [i for i in resource["item"] if i["linkId"] != link_id]
    resource["item"].append({"linkId": link_id, "answer": [wrong]})
    [issue] = issues_of(post_fhir(resource))
    assert issue["code"] == "value"
    assert issue["expression"][0].endswith(".answer[0]")


def test_a_response_to_another_questionnaire_is_refused(post_fhir, api_answers):
    other = response_to(api_answers, questionnaire="http://example.org/Questionnaire/x")
    [issue] = issues_of(post_fhir(other))
    assert issue["code"] == "not-supported"
    assert issue["expression"] == ["QuestionnaireResponse.questionnaire"]


def test_a_response_to_an_older_version_of_the_form_is_refused(post_fhir, api_answers):
    resource = response_to(api_answers)
    resource["questionnaire"] = resource["questionnaire"].replace("|", "|0")
    assert issues_of(post_fhir(resource))[0]["code"] == "not-supported"


def test_missing_and_conditional_answers_meet_the_catalogues_check(
    post_fhir, api_answers
):
    body = {**api_answers, "date_of_birth": None, "takes_medication": True}
    codes = {
        issue["expression"][0]: issue["diagnostics"]
        for issue in issues_of(post_fhir(response_to(body)))
    }
    assert codes == {
        "QuestionnaireResponse.item.where(linkId='date_of_birth')": (
            "Enter your date of birth"
        ),
        "QuestionnaireResponse.item.where(linkId='medications')": (
            "Enter the medication and supplements you take"
        ),
    }


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"resourceType": "Patient"}',
        b"[" * 30_000 + b"]" * 30_000,
        "\N{SNOWMAN}".encode("utf-16"),
    ],
)
def test_what_is_no_response_at_all_is_refused_with_an_operation_outcome(client, body):
    response = client.post("/api/v1/eligibility", data=body, content_type=FHIR_JSON)
    assert issues_of(response)[0]["code"] == "structure"


def test_an_answer_given_twice_and_unknown_elements_are_refused(post_fhir, api_answers):
    resource = response_to(api_answers)
    resource["item"].append(dict(resource["item"][0]))
    resource["answers"] = []
    expressions = {i["expression"][0] for i in issues_of(post_fhir(resource))}
    assert expressions == {"QuestionnaireResponse.answers"}
    del resource["answers"]
    assert issues_of(post_fhir(resource))[0]["diagnostics"] == (
        "date_of_birth is answered twice"
    )
