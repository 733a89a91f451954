"""The JSON eligibility API: answers, validation, and errors that stay JSON."""

from __future__ import annotations

import json

import pytest

from screening.rules import CATALOGUE, default_ruleset

REASON_KEYS = {"rule", "severity", "message", "source", "basis"}


def test_an_eligible_answer_has_the_documented_shape(ask, api_answers, today):
    response = ask(api_answers)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) >= {"outcome", "age", "reasons", "advice", "ruleset_version"}
    assert body["outcome"] == "eligible"
    assert body["age"] == 36
    assert body["as_of"] == today.isoformat()
    assert body["reasons"] == []
    assert body["ruleset_version"] == default_ruleset().version
    assert body["advice"]
    for advice in body["advice"]:
        assert set(advice) == {"id", "text", "basis", "sections"}
        assert advice["basis"] in ("article", "clinic policy")
        assert bool(advice["sections"]) == (advice["basis"] == "article")


OUTCOMES = {
    "needs_review": (
        {"takes_medication": True, "medications": "ibuprofen"},
        [("takes-medication", "refer", "clinic policy")],
    ),
    "not_eligible": (
        {"pregnant": "yes", "heart_arrhythmia": True},
        [("pregnant", "exclude", "article"), ("heart-arrhythmia", "refer", "article")],
    ),
}


@pytest.mark.parametrize(
    ("outcome", "changes", "reasons"),
    [(outcome, *details) for outcome, details in OUTCOMES.items()],
    ids=OUTCOMES.keys(),
)
def test_each_outcome_lists_its_reasons(ask, api_answers, outcome, changes, reasons):
    body = ask(api_answers | changes).json

    assert body["outcome"] == outcome
    assert [(r["rule"], r["severity"], r["basis"]) for r in body["reasons"]] == reasons
    for reason in body["reasons"]:
        assert set(reason) == REASON_KEYS
        assert reason["message"]
        assert reason["source"] == "What are the Side Effects of Mesotherapy?"


def test_advice_includes_the_medication_list_only_for_people_taking_medication(
    ask, api_answers
):
    plain = ask(api_answers).json["advice"]
    medicated = ask(api_answers | {"takes_medication": True, "medications": "x"})

    assert "bring-medication-list" not in [item["id"] for item in plain]
    assert "bring-medication-list" in [item["id"] for item in medicated.json["advice"]]


def test_the_visit_date_moves_the_age(ask, api_answers, today):
    # 17 on 15 June 2026, 18 from 20 June.
    answers = api_answers | {"date_of_birth": "2008-06-20"}

    today_only = ask(answers).json
    on_visit = ask(answers | {"visit_date": "2026-06-20"}).json

    assert (today_only["age"], today_only["outcome"]) == (17, "not_eligible")
    assert today_only["reasons"][0]["rule"] == "age-below-minimum"
    assert (on_visit["age"], on_visit["outcome"], on_visit["as_of"]) == (
        18,
        "eligible",
        "2026-06-20",
    )


def test_a_visit_date_of_null_or_absent_means_today(ask, api_answers, today):
    absent = dict(api_answers)
    del absent["visit_date"]

    assert ask(absent).json["as_of"] == today.isoformat()
    assert ask(api_answers | {"visit_date": None}).json["as_of"] == today.isoformat()


INVALID = {
    "date of birth missing": ({"date_of_birth": None}, "date_of_birth"),
    "date of birth not a string": ({"date_of_birth": 19900314}, "date_of_birth"),
    "day first": (
        {"date_of_birth": "14/03/1990"},
        "date_of_birth",
    ),
    "date of birth without dashes": ({"date_of_birth": "19900314"}, "date_of_birth"),
    "date of birth as a week date": ({"date_of_birth": "1990-W11-3"}, "date_of_birth"),
    "30 February": ({"date_of_birth": "1990-02-30"}, "date_of_birth"),
    "month 13": ({"date_of_birth": "1990-13-01"}, "date_of_birth"),
    "date with a time": ({"date_of_birth": "1990-03-14T00:00"}, "date_of_birth"),
    "birth date in the future": ({"date_of_birth": "2026-06-16"}, "date_of_birth"),
    "birth date before 1900": ({"date_of_birth": "1899-12-31"}, "date_of_birth"),
    "visit date in the past": ({"visit_date": "2026-06-14"}, "visit_date"),
    "visit date too far ahead": ({"visit_date": "2028-06-17"}, "visit_date"),
    "visit date not a date": ({"visit_date": "soon"}, "visit_date"),
    "pregnant missing": ({"pregnant": None}, "pregnant"),
    "pregnant as a boolean": ({"pregnant": False}, "pregnant"),
    "pregnant in capitals": ({"pregnant": "YES"}, "pregnant"),
    "pregnant as a list": ({"pregnant": ["yes"]}, "pregnant"),
    "good health missing": ({"good_health": None}, "good_health"),
    "cancer history as a string": ({"cancer_history": "false"}, "cancer_history"),
    "arrhythmia as a number": ({"heart_arrhythmia": 0}, "heart_arrhythmia"),
    "blood clots as yes": ({"blood_clots": "yes"}, "blood_clots"),
    "medication as a string": ({"takes_medication": "true"}, "takes_medication"),
    "medications not a string": (
        {"takes_medication": True, "medications": ["ibuprofen"]},
        "medications",
    ),
    "medications missing when taking medication": (
        {"takes_medication": True},
        "medications",
    ),
    "medications blank when taking medication": (
        {"takes_medication": True, "medications": "   "},
        "medications",
    ),
    "medications over 1000 characters": (
        {"takes_medication": True, "medications": "x" * 1001},
        "medications",
    ),
    "unknown field": ({"full_name": "Ada Example"}, "full_name"),
    "treatment areas as a string": ({"treatment_areas": "thighs"}, "treatment_areas"),
    "an area not on the list": ({"treatment_areas": ["face"]}, "treatment_areas"),
}


@pytest.mark.parametrize(("changes", "field"), INVALID.values(), ids=INVALID.keys())
def test_each_invalid_field_is_named_in_a_400(ask, api_answers, today, changes, field):
    response = ask(api_answers | changes)

    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert list(response.json) == ["errors"]
    assert list(response.json["errors"]) == [field]
    messages = response.json["errors"][field]
    assert messages and all(isinstance(message, str) for message in messages)


def test_every_problem_is_reported_at_once(ask):
    response = ask({"pregnant": "maybe", "extra": 1})

    assert response.status_code == 400
    assert set(response.json["errors"]) == {
        "extra",
        "date_of_birth",
        "pregnant",
        "good_health",
        "cancer_history",
        "heart_arrhythmia",
        "blood_clots",
        "takes_medication",
        "allergies",
    }
    assert response.json["errors"]["extra"] == ["Unknown field"]


def test_string_booleans_are_refused_with_a_clear_message(ask, api_answers):
    response = ask(api_answers | {"good_health": "true"})

    assert response.json["errors"]["good_health"] == ["Must be true or false"]


def test_treatment_areas_from_the_list_are_accepted(ask, api_answers):
    response = ask(api_answers | {"treatment_areas": ["thighs", "hips"]})

    assert response.status_code == 200


def test_a_medication_list_after_no_medication_is_refused_not_dropped(ask, api_answers):
    response = ask(api_answers | {"takes_medication": False, "medications": "Aspirin"})

    assert response.status_code == 400
    assert response.json["errors"] == {
        "medications": [CATALOGUE["medications"].unasked]
    }


def test_a_not_eligible_answer_has_no_advice_for_a_visit(ask, api_answers):
    body = ask(api_answers | {"pregnant": "yes"}).json

    assert body["outcome"] == "not_eligible"
    assert body["advice"] == []


def post_raw(client, data, content_type="application/json"):
    return client.post("/api/v1/eligibility", data=data, content_type=content_type)


@pytest.mark.parametrize(
    "body",
    ["[]", '[{"pregnant": "no"}]', '"eligible"', "null", "42", "true"],
    ids=["empty list", "list", "string", "null", "number", "boolean"],
)
def test_a_body_that_is_not_a_json_object_is_a_400_json_error(client, body):
    response = post_raw(client, body)

    assert response.status_code == 400
    assert response.json == {"error": "The request body must be a JSON object"}


@pytest.mark.parametrize(
    "body",
    ["{", "", "{'single': 'quotes'}", '{"a": 1,}', "NaN]", b"\xff\xfe{}"],
    ids=["unclosed", "empty", "single quotes", "trailing comma", "junk", "not utf-8"],
)
def test_malformed_json_is_a_400_json_error(client, body):
    response = post_raw(client, body)

    assert response.status_code == 400
    assert response.json == {"error": "The request body is not valid JSON"}


def test_deeply_nested_json_is_a_400_not_a_500(client):
    response = post_raw(client, "[" * 30_000 + "]" * 30_000)

    assert response.status_code == 400
    assert response.json == {"error": "The request body is not valid JSON"}


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None],
)
def test_a_wrong_content_type_is_a_415_json_error(client, api_answers, content_type):
    response = post_raw(client, json.dumps(api_answers), content_type)

    assert response.status_code == 415
    assert response.mimetype == "application/json"
    assert "application/json" in response.json["error"]


def test_a_json_content_type_with_a_charset_is_accepted(client, api_answers):
    response = post_raw(
        client, json.dumps(api_answers), "application/json; charset=utf-8"
    )

    assert response.status_code == 200


def test_an_oversized_body_is_a_413_json_error(client, api_answers):
    padded = api_answers | {"medications": "x" * 70_000}

    response = post_raw(client, json.dumps(padded))

    assert response.status_code == 413
    assert response.mimetype == "application/json"
    assert response.json["error"]


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_other_methods_are_a_405_json_error_saying_what_is_allowed(client, method):
    response = getattr(client, method)("/api/v1/eligibility")

    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert "POST" in response.headers["Allow"]
    assert response.json["error"]


def test_an_unknown_api_path_is_a_404_json_error(client):
    response = client.post("/api/v1/nothing-here", json={})

    assert response.status_code == 404
    assert response.mimetype == "application/json"


def test_the_api_needs_no_csrf_token(csrf_client, api_answers):
    assert csrf_client.post("/api/v1/eligibility", json=api_answers).status_code == 200


def test_the_api_stores_nothing(ask, api_answers, stored):
    ask(api_answers)
    ask(api_answers | {"takes_medication": True, "medications": "ibuprofen"})

    assert stored() == []


def test_an_unexpected_failure_is_a_500_json_error(ask, api_answers, monkeypatch):
    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr("screening.api.views.decide", broken)

    response = ask(api_answers)

    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert "boom" not in response.get_data(as_text=True)
