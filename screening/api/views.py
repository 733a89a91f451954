"""The eligibility endpoint: evaluate the rules, store nothing."""

from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from ..infra.clock import clinic_today
from ..infra.errors import json_error
from ..rules import Invalid, checklist_for
from ..rules.model import PUBLIC_FIELDS
from ..rules.validation import from_json
from ..services.store import Submission, current_catalogue, decide
from . import bp


@bp.post("/eligibility")
def eligibility():
    """Return the outcome, the reasons and the advice for one set of answers."""
    if not request.is_json:
        return json_error(415, "Send the request body as application/json")
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON the parser gives up on.
        return json_error(400, "The request body is not valid JSON")
    if not isinstance(body, dict):
        return json_error(400, "The request body must be a JSON object")
    today = clinic_today(current_app.config["CLINIC_TIMEZONE"])
    try:
        submission = Submission(from_json(body, today, current_catalogue()))
    except Invalid as invalid:
        return jsonify(errors=invalid.errors), 400
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
