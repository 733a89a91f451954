"""The OpenAPI 3.1 description of the JSON API, built from the question catalogue.

The request body's properties are the catalogue's questions, each with its
type, choices, length and date bounds, so the description cannot drift from
what ``validation.check`` accepts: Schemathesis checks that it does not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules import Catalogue, Kind, Question, When
from .schemas import ERROR_RESPONSES, RESULT, answer_schema, fhir_request

JSON, FHIR_JSON = "application/json", "application/fhir+json"


def property_schema(question: Question, today: date) -> dict[str, Any]:
    """Return a question's property: its answer, or null unless always required."""
    schema = answer_schema(question, today)
    schema["description"] = question.label
    if question.required is True:
        return schema
    return {"anyOf": [schema, {"type": "null"}], "description": question.label}


# The characters Python's str.strip() removes: an answer of only these is blank.
SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
    r"\u205f\u3000"
)
BLANK = {
    "anyOf": [
        {"type": "null"},
        {"type": "string", "pattern": f"^[{SPACE}]*$"},
        {"type": "array", "maxItems": 0},
    ]
}


def conditions(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Return if/then/else schemas for questions that depend on another's answer.

    Such a question is required when the other answer calls for it, and
    must be left blank otherwise (the API refuses an answer to a question
    it did not ask, as the form does).
    """
    made = []
    for question in catalogue:
        if isinstance(question.required, When):
            asked, answer = question.required
            given = {"type": "string", "pattern": f"[^{SPACE}]"}
            if question.kind is Kind.MULTI_CHOICE:
                given = {"type": "array", "minItems": 1}
            calls_for = {"const": answer}
            if catalogue[asked].kind is Kind.MULTI_CHOICE:
                calls_for = {"type": "array", "contains": {"const": answer}}
            made.append(
                {
                    "if": {"properties": {asked: calls_for}, "required": [asked]},
                    "then": {
                        "properties": {question.id: given},
                        "required": [question.id],
                    },
                    "else": {"properties": {question.id: BLANK}},
                }
            )
    return made


def request_schema(catalogue: Catalogue, today: date) -> dict[str, Any]:
    """Return the schema of the JSON request body: one property per question."""
    schema = {
        "type": "object",
        "properties": {q.id: property_schema(q, today) for q in catalogue},
        "required": [q.id for q in catalogue if q.required is True],
        "additionalProperties": False,
    }
    if conditions(catalogue):
        schema["allOf"] = conditions(catalogue)
    return schema


def document(
    catalogue: Catalogue, today: date, canonicals: tuple[str, ...]
) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document, its date bounds as of ``today``."""
    eligibility = {
        "summary": "Check eligibility for one set of answers; nothing is stored",
        "operationId": "checkEligibility",
        "requestBody": {
            "required": True,
            "content": {
                JSON: {"schema": request_schema(catalogue, today)},
                FHIR_JSON: {"schema": fhir_request(catalogue, today, canonicals)},
            },
        },
        "responses": {
            "200": {
                "description": "The outcome, the reasons and the advice",
                "content": {JSON: {"schema": RESULT}},
            },
            **ERROR_RESPONSES,
        },
    }
    described = {
        "summary": "This description",
        "operationId": "describeApi",
        "responses": {
            "200": {
                "description": "OpenAPI 3.1",
                "content": {JSON: {"schema": {"type": "object"}}},
            },
            "429": ERROR_RESPONSES["429"],
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mesotherapy eligibility screening API",
            "version": "1",
            "description": (
                "Stateless eligibility checks for booking systems: answers go in "
                "as JSON or as a FHIR R4 QuestionnaireResponse, the outcome comes out."
            ),
        },
        "paths": {
            "/api/v1/eligibility": {"post": eligibility},
            "/api/v1/openapi.json": {"get": described},
        },
    }
