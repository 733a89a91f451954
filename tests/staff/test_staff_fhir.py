"""Screenings as FHIR for staff: one QuestionnaireResponse, or all of them as NDJSON."""

from __future__ import annotations

import json

import pytest
from support.fhir import BASE, FHIR_JSON, valid_response

from screening.fhir import catalogue_version
from screening.infra.extensions import db
from screening.models import AuditEvent
from screening.rules import CATALOGUE


def audit_entries(app) -> list[tuple]:
    with app.app_context():
        query = db.select(AuditEvent).order_by(AuditEvent.id)
        return [
            (e.event, e.screening_reference, e.detail)
            for e in db.session.scalars(query)
            if not e.event.startswith(("login", "staff."))
        ]


def extension(resource: dict, name: str) -> list[dict]:
    url = f"{BASE}/StructureDefinition/{name}"
    return [each for each in resource["extension"] if each["url"] == url]


def test_a_screening_is_a_valid_response_to_this_version_of_the_form(
    app, staff_client, screening_factory
):
    reference = screening_factory(treatment_areas=["thighs", "arms"])
    response = staff_client.get(f"/staff/screenings/{reference}/fhir")
    assert response.status_code == 200 and response.mimetype == FHIR_JSON
    resource = response.get_json()
    parsed = valid_response(resource)
    assert parsed.questionnaire == (
        f"{BASE}/Questionnaire/mesotherapy-screening|{catalogue_version(CATALOGUE)}"
    )
    assert parsed.authored is not None and parsed.identifier.value == reference
    answers = {item["linkId"]: item["answer"] for item in resource["item"]}
    assert answers["date_of_birth"] == [{"valueDate": "1985-06-01"}]
    assert answers["takes_medication"] == [{"valueBoolean": True}]
    assert answers["medications"] == [{"valueString": "ibuprofen"}]
    assert answers["pregnant"] == [{"valueCoding": {"code": "no", "display": "No"}}]
    assert [a["valueCoding"]["code"] for a in answers["treatment_areas"]] == [
        "thighs",
        "arms",
    ]
    assert "visit_date" not in answers, "an answer not given is left out"
    [outcome] = extension(resource, "screening-outcome")
    assert outcome["valueCode"] == "needs_review"
    [fired] = extension(resource, "screening-fired-rule")
    assert fired["extension"][0] == {"url": "rule", "valueCode": "takes-medication"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_response_says_which_language_the_patient_answered_in(
    staff_client, screening_factory, language
):
    reference = screening_factory(language=language)
    resource = staff_client.get(f"/staff/screenings/{reference}/fhir").get_json()
    assert valid_response(resource).language == language


def test_the_response_carries_no_name_or_contact_details(
    staff_client, screening_factory
):
    reference = screening_factory(
        full_name="Grace Hidden", email="grace@hidden.example"
    )
    text = staff_client.get(f"/staff/screenings/{reference}/fhir").get_data(
        as_text=True
    )
    assert "Grace Hidden" not in text and "hid.example" not in text


def test_reading_a_screening_as_fhir_is_audited(app, staff_client, screening_factory):
    reference = screening_factory()
    staff_client.get(f"/staff/screenings/{reference}/fhir")
    assert audit_entries(app) == [("screening.viewed", reference, {"view": "fhir"})]


def test_the_fhir_views_need_staff(client, screening_factory):
    reference = screening_factory()
    assert client.get(f"/staff/screenings/{reference}/fhir").status_code == 401
    assert client.get("/staff/export.ndjson").status_code == 401


def test_a_missing_screening_is_404(staff_client):
    assert staff_client.get("/staff/screenings/MS-22222-22222/fhir").status_code == 404


def ndjson(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+ndjson"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="screenings-'
    )
    lines = response.get_data(as_text=True).splitlines()
    return [json.loads(line) for line in lines]


def test_the_ndjson_export_is_one_valid_response_a_line_newest_first(
    admin_client, screening_factory, clock
):
    first = screening_factory()
    clock.advance(minutes=1)
    second = screening_factory(outcome="eligible", takes_medication=False, trace=[])
    resources = ndjson(admin_client.get("/staff/export.ndjson"))
    assert [r["id"] for r in resources] == [second, first]
    for resource in resources:
        valid_response(resource)


def test_the_ndjson_export_follows_the_queue_filters_and_is_audited(
    app, admin_client, screening_factory
):
    keep = screening_factory(outcome="not_eligible")
    screening_factory(outcome="eligible")
    response = admin_client.get("/staff/export.ndjson?outcome=not_eligible")
    assert response.is_streamed
    assert [r["id"] for r in ndjson(response)] == [keep]
    assert audit_entries(app) == [
        ("export", None, {"format": "ndjson", "outcome": "not_eligible"})
    ]


def test_the_ndjson_export_is_for_admins_only(app, staff_client):
    assert staff_client.get("/staff/export.ndjson").status_code == 403
    assert audit_entries(app) == []


def test_a_filter_the_queue_does_not_know_is_refused(admin_client):
    assert admin_client.get("/staff/export.ndjson?outcome=maybe").status_code == 400


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"pregnant": "unsure"},
        {"pregnant": "yes"},
        {"takes_medication": "yes", "medications": "warfarin 5 mg"},
        {"date_of_birth-year": "2015", "treatment_areas": ["hips", "neck"]},
    ],
)
def test_the_form_and_its_questionnaire_response_get_the_same_outcome(
    app, client, staff_client, screen, answers, stored, changes, today
):
    screen({**answers, **changes})
    [screening] = stored()
    resource = staff_client.get(f"/staff/screenings/{screening.reference}/fhir")
    decided = client.post(
        "/api/v1/eligibility", json=resource.get_json(), content_type=FHIR_JSON
    )
    assert decided.status_code == 200
    assert decided.get_json()["outcome"] == screening.outcome
    fired = [reason["rule"] for reason in decided.get_json()["reasons"]]
    assert fired == [result["rule"] for result in screening.fired]
