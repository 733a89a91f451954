"""JSON Schemas of what the API answers, and of a QuestionnaireResponse it reads.

Part of the OpenAPI description (``openapi.py``); each error shape here is
one the API really sends (``errors.json_error``, ``validation.Invalid``, the
FHIR ``OperationOutcome``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..fhir.questionnaire import ANSWER_VALUES
from ..fhir.reading import FINISHED, ITEM_ELEMENTS, RESPONSE_ELEMENTS
from ..rules import Catalogue, Kind, Outcome, Question, Severity, When
from ..rules.model import Basis
from ..rules.parameters import EARLIEST_BIRTH_DATE, LONGEST_BOOKING_AHEAD
from .date_patterns import date_pattern

JSON, FHIR_JSON = "application/json", "application/fhir+json"


def closed(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    """Return an object schema with exactly these properties."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


TEXT = {"type": "string"}
BASIS = {"enum": [str(basis) for basis in Basis]}
REASON = closed(
    {
        "rule": TEXT,
        "severity": {"enum": [str(severity) for severity in Severity]},
        "message": TEXT,
        "source": TEXT,
        "basis": BASIS,
    },
    "rule",
    "severity",
    "message",
    "source",
    "basis",
)
# Article sections the sentence paraphrases; none for the clinic's own advice.
ADVICE = closed(
    {
        "id": TEXT,
        "text": TEXT,
        "basis": BASIS,
        "sections": {"type": "array", "items": TEXT},
    },
    "id",
    "text",
    "basis",
    "sections",
)
RESULT = closed(
    {
        "outcome": {"enum": [str(outcome) for outcome in Outcome]},
        "age": {"type": "integer"},
        "as_of": {"type": "string", "format": "date"},
        "reasons": {"type": "array", "items": REASON},
        "advice": {"type": "array", "items": ADVICE},
        "ruleset_version": TEXT,
    },
    "outcome",
    "age",
    "as_of",
    "reasons",
    "advice",
    "ruleset_version",
)
ERROR = closed({"error": TEXT}, "error")
FIELD_ERRORS = closed(
    {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": TEXT, "minItems": 1},
        }
    },
    "errors",
)
ISSUE = {
    "type": "object",
    "properties": {
        "severity": {"const": "error"},
        "code": TEXT,
        "diagnostics": TEXT,
        "expression": {"type": "array", "items": TEXT},
    },
    "required": ["severity", "code", "diagnostics"],
}
OPERATION_OUTCOME = closed(
    {
        "resourceType": {"const": "OperationOutcome"},
        "issue": {"type": "array", "items": ISSUE, "minItems": 1},
    },
    "resourceType",
    "issue",
)


def error(description: str, **headers: Any) -> dict[str, Any]:
    """Return a response that carries a JSON error message."""
    response = {"description": description, "content": {JSON: {"schema": ERROR}}}
    if headers:
        response["headers"] = headers
    return response


ERROR_RESPONSES = {
    "400": {
        "description": (
            "Answers that break the catalogue (errors by question), a body that is "
            "not a JSON object, or a QuestionnaireResponse that cannot be read"
        ),
        "content": {
            JSON: {"schema": {"oneOf": [FIELD_ERRORS, ERROR]}},
            FHIR_JSON: {"schema": OPERATION_OUTCOME},
        },
    },
    "405": error("Another method", Allow={"schema": TEXT}),
    "413": error("A body larger than 64 KiB"),
    "415": error("A body that is neither application/json nor application/fhir+json"),
    "429": error(
        "Too many requests from this address",
        **{"Retry-After": {"schema": {"type": "integer"}}},
    ),
}


def date_bounds(question: Question, today: date) -> tuple[date, date]:
    """Return the first and last day a date question accepts today."""
    if question.date_bounds == "past":
        return EARLIEST_BIRTH_DATE.value, today
    return today, today + timedelta(days=LONGEST_BOOKING_AHEAD.value)


def answer_schema(question: Question, today: date) -> dict[str, Any]:
    """Return the JSON Schema of one question's answer (a value, never blank)."""
    if question.kind is Kind.DATE:
        low, high = date_bounds(question, today)
        return {"type": "string", "format": "date", "pattern": date_pattern(low, high)}
    if question.kind is Kind.YES_NO:
        return {"type": "boolean"}
    if question.kind is Kind.CHOICE:
        return {"type": "string", "enum": list(question.choice_values)}
    if question.kind is Kind.MULTI_CHOICE:
        items = {"type": "string", "enum": list(question.choice_values)}
        return {"type": "array", "items": items}
    return {"type": "string", "maxLength": question.max_length or 100_000}


def coding(question: Question) -> dict[str, Any]:
    """Return the schema of a Coding that picks one of a question's choices."""
    return {
        "type": "object",
        "properties": {"code": {"enum": list(question.choice_values)}},
        "required": ["code"],
    }


def item_schema(question: Question, value: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of the item answering ``question`` with ``value``."""
    key = ANSWER_VALUES[question.kind]
    answers = {"type": "array", "items": closed({key: value}, key)}
    if question.kind is not Kind.MULTI_CHOICE:
        answers["maxItems"] = 1
    others = {name: {} for name in ITEM_ELEMENTS - {"linkId", "answer"}}
    return closed({"linkId": {"const": question.id}, "answer": answers, **others})


def answered(question_id: str, answer: dict[str, Any] | None = None) -> dict:
    """Return a schema of item lists that answer ``question_id`` (as ``answer``)."""
    item: dict[str, Any] = {"properties": {"linkId": {"const": question_id}}}
    item["required"] = ["linkId"]
    if answer is not None:
        item["properties"]["answer"] = {"type": "array", "contains": answer}
        item["required"].append("answer")
    return {"type": "array", "contains": item}


def fhir_request(
    catalogue: Catalogue, today: date, canonicals: tuple[str, ...]
) -> dict[str, Any]:
    """Return the schema of a QuestionnaireResponse the API accepts."""
    items = []
    for question in catalogue:
        value = answer_schema(question, today)
        if question.kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
            value = coding(question)
        items.append(item_schema(question, value))
    needed = [
        answered(q.id, {"type": "object"}) for q in catalogue if q.required is True
    ]
    # Each question is answered in one item at most.
    needed += [
        {**answered(q.id), "minContains": 0, "maxContains": 1} for q in catalogue
    ]
    for question in catalogue:
        if isinstance(question.required, When):
            asked, answer = question.required
            key = ANSWER_VALUES[catalogue[asked].kind]
            given = {"properties": {key: {"const": answer}}, "required": [key]}
            text = {"properties": {"valueString": {"pattern": r"\S"}}}
            needed.append(
                {"if": answered(asked, given), "then": answered(question.id, text)}
            )
    others = {name: {} for name in RESPONSE_ELEMENTS}
    properties = {
        **others,
        "resourceType": {"const": "QuestionnaireResponse"},
        "questionnaire": {"enum": list(canonicals)},
        "status": {"enum": list(FINISHED)},
        "item": {"type": "array", "items": {"oneOf": items}, "allOf": needed},
    }
    return closed(properties, "resourceType", "questionnaire", "status", "item")
