"""FHIR doors: the public Questionnaire, and QuestionnaireResponses sent to the API."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from flask import Blueprint, Response, request

from ..fhir import (
    QUESTIONNAIRE_ID,
    FhirInvalid,
    Issue,
    operation_outcome,
    values_from_response,
)
from ..infra.languages import translated
from ..rules.text import N_
from ..services.fhir_records import (
    FHIR_JSON,
    accepted_canonicals,
    as_json,
    current_questionnaire,
)
from ..services.store import current_catalogue

bp = Blueprint("fhir", __name__, url_prefix="/fhir")


def fhir_response(resource: dict[str, Any], status: int = 200) -> Response:
    """Return a resource as application/fhir+json."""
    return Response(as_json(resource), status=status, mimetype=FHIR_JSON)


@bp.get(f"/Questionnaire/{QUESTIONNAIRE_ID}")
def questionnaire():
    """Return the screening form as a FHIR R4 Questionnaire (public)."""
    return fhir_response(current_questionnaire())


def refused(issues: list[Issue]) -> Response:
    """Return 400 with an OperationOutcome, its diagnostics in the request's language.

    The issue codes and FHIRPath expressions are for programs and stay as they are.
    """
    said = [
        replace(issue, diagnostics=translated(issue.diagnostics)) for issue in issues
    ]
    return fhir_response(operation_outcome(said), 400)


def is_fhir_request() -> bool:
    """Return True when the request body is declared as FHIR JSON."""
    return request.mimetype == FHIR_JSON


def answers_from_fhir(today: date) -> dict[str, Any] | Response:
    """Return the checked answers of a posted QuestionnaireResponse.

    Anything wrong is answered with 400 and an OperationOutcome naming
    every issue, each with a FHIRPath to where it is.
    """
    try:
        resource = json.loads(request.get_data())
    except (ValueError, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON the parser gives up on.
        return refused([Issue("structure", N_("The body is not valid JSON"))])
    try:
        return values_from_response(
            resource, today, current_catalogue(), accepted_canonicals()
        )
    except FhirInvalid as invalid:
        return refused(invalid.issues)
