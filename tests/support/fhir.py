"""FHIR resources for tests: validation with fhir.resources, and responses to post.

fhir.resources models R4B (4.3), whose Questionnaire, QuestionnaireResponse
and OperationOutcome have the same elements as R4's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from screening.fhir import canonical_url, catalogue_version
from screening.rules import CATALOGUE, Catalogue, Kind

BASE = "https://mesotherapy-clinic.example/fhir"
FHIR_JSON = "application/fhir+json"


def valid_questionnaire(resource: dict) -> Questionnaire:
    """Return the parsed Questionnaire; fail if it is not a valid resource."""
    return Questionnaire.model_validate(resource)


def valid_response(resource: dict) -> QuestionnaireResponse:
    """Return the parsed QuestionnaireResponse; fail if it is not valid."""
    return QuestionnaireResponse.model_validate(resource)


def valid_outcome(resource: dict) -> OperationOutcome:
    """Return the parsed OperationOutcome; fail if it is not valid."""
    return OperationOutcome.model_validate(resource)


def answer(question_kind: Kind, value: Any) -> list[dict]:
    """Return an API-body value as QuestionnaireResponse answers."""
    if value is None:
        return []
    if question_kind is Kind.DATE:
        return [{"valueDate": value}]
    if question_kind is Kind.YES_NO:
        return [{"valueBoolean": value}]
    if question_kind is Kind.CHOICE:
        return [{"valueCoding": {"code": value}}]
    if question_kind is Kind.MULTI_CHOICE:
        return [{"valueCoding": {"code": each}} for each in value]
    return [{"valueString": value}]


def response_to(
    body: dict, catalogue: Catalogue = CATALOGUE, questionnaire: str | None = None
) -> dict:
    """Return the JSON API body ``body`` as a QuestionnaireResponse to our form."""
    url = canonical_url(BASE)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire or f"{url}|{catalogue_version(catalogue)}",
        "status": "completed",
        "authored": date(2026, 6, 15).isoformat(),
        "item": [
            {"linkId": question.id, "answer": answer(question.kind, body[question.id])}
            for question in catalogue
            if body.get(question.id) is not None
        ],
    }
