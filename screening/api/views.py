"""The eligibility endpoint: evaluate the rules, store nothing."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from ..infra.clock import clinic_today
from ..infra.errors import json_error
from ..infra.ratelimits import limit_api
from ..rules import Invalid, checklist_for
from ..rules.model import PUBLIC_FIELDS
from ..rules.validation import from_json
from ..services.fhir_records import accepted_canonicals
from ..services.store import Submission, current_catalogue, decide
from . import bp
from .fhir import answers_from_fhir, is_fhir_request
from .openapi import document


def answers_from_json(today):
    """Return the checked answers of a JSON body, or the error response."""
    if not request.is_json:
        return json_error(415, "Send the request body as application/json")
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON the parser gives up on.
        return json_error(400, "The request body is not valid JSON")
    if not isinstance(body, dict):
        return json_error(400, "The request body must be a JSON object")
    try:
        return from_json(body, today, current_catalogue())
    except Invalid as invalid:
        return jsonify(errors=invalid.errors), 400


@bp.post("/eligibility")
@limit_api  # the eligibility check only: the published description is not limited
def eligibility():
    """Return the outcome, the reasons and the advice for one set of answers.

    The answers come as a JSON object, or as a FHIR QuestionnaireResponse
    to the clinic's Questionnaire (Content-Type: application/fhir+json).
    """
    today = clinic_today(current_app.config["CLINIC_TIMEZONE"])
    read = answers_from_fhir if is_fhir_request() else answers_from_json
    values = read(today)
    if isinstance(values, (Response, tuple)):
        return values
    submission = Submission(values)
    evaluation = decide(submission, today)
    advice = checklist_for(evaluation.outcome, submission.answers(today))
    return jsonify(
        outcome=str(evaluation.outcome),
        age=evaluation.age,
        as_of=evaluation.as_of.isoformat(),
        reasons=[fired.as_dict(PUBLIC_FIELDS) for fired in evaluation.fired],
        advice=[item.as_dict() for item in advice],
        ruleset_version=evaluation.ruleset_version,
    )


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of this API, dates bounded as of today."""
    today = clinic_today(current_app.config["CLINIC_TIMEZONE"])
    return jsonify(document(current_catalogue(), today, accepted_canonicals()))
