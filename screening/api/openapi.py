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


def conditions(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Return if/then schemas: a question required only when another is answered so."""
    made = []
    for question in catalogue:
        if isinstance(question.required, When):
            asked, answer = question.required
            given = {"type": "string", "pattern": r"\S"}
            if question.kind is Kind.MULTI_CHOICE:
                given = {"type": "array", "minItems": 1}
            made.append(
                {
                    "if": {
                        "properties": {asked: {"const": answer}},
                        "required": [asked],
                    },
                    "then": {
                        "properties": {question.id: given},
                        "required": [question.id],
                    },
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
