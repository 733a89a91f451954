"""The eligibility endpoint: evaluate the rules, store nothing.

Its words (error messages, reasons, advice and the article sections they
cite) are in the request's language (``Accept-Language``); what a program
reads (outcome, rule ids, severities, bases, field names) stays as it is.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_babel import gettext
from werkzeug.exceptions import BadRequest

from ..infra.clock import clinic_today
from ..infra.errors import json_error
from ..infra.languages import translated
from ..infra.ratelimits import limit_api
from ..rules import Invalid, checklist_for
from ..rules.guidance import ChecklistItem
from ..rules.model import PUBLIC_FIELDS, RuleResult
from ..rules.validation import from_json
from ..services.fhir_records import accepted_canonicals
from ..services.store import Submission, current_catalogue, decide
from . import bp
from .fhir import answers_from_fhir, is_fhir_request
from .openapi import document


def answers_from_json(today):
    """Return the checked answers of a JSON body, or the error response."""
    if not request.is_json:
        return json_error(415, gettext("Send the request body as application/json"))
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON the parser gives up on.
        return json_error(400, gettext("The request body is not valid JSON"))
    if not isinstance(body, dict):
        return json_error(400, gettext("The request body must be a JSON object"))
    try:
        return from_json(body, today, current_catalogue())
    except Invalid as invalid:
        return jsonify(errors=errors_in_words(invalid.errors)), 400


def errors_in_words(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return the validator's messages by field, in the request's language."""
    return {
        name: [translated(m) for m in messages] for name, messages in errors.items()
    }


def reason_in_words(result: RuleResult) -> dict[str, str]:
    """Return a fired rule's public fields, its message and source translated."""
    reason = result.as_dict(PUBLIC_FIELDS)
    reason["message"] = translated(result.message)
    reason["source"] = translated(result.source)
    return reason


def advice_in_words(item: ChecklistItem) -> dict[str, object]:
    """Return a checklist line, its sentence and sections translated."""
    advice = item.as_dict()
    advice["text"] = translated(item.text)
    advice["sections"] = [translated(section) for section in item.sections]
    return advice


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
        reasons=[reason_in_words(fired) for fired in evaluation.fired],
        advice=[advice_in_words(item) for item in advice],
        ruleset_version=evaluation.ruleset_version,
    )


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of this API, dates bounded as of today."""
    today = clinic_today(current_app.config["CLINIC_TIMEZONE"])
    return jsonify(document(current_catalogue(), today, accepted_canonicals()))
