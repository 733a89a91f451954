"""The patient's own answers: a printable page and a JSON file, each audited."""

from __future__ import annotations

import json

from flask import Response, render_template

from ..infra.extensions import db
from ..models.screening import asked_and_answered
from ..services.own_data import own_copy, record_own_download
from ..services.store import current_catalogue
from . import bp
from .views import screening_or_404


@bp.get("/screening/<token>/answers")
def own_answers(token: str):
    """Show the patient every answer they gave, ready to print."""
    screening = screening_or_404(token)
    record_own_download(screening, "printable")
    db.session.commit()
    return render_template(
        "patient/answers.html",
        screening=screening,
        answers=asked_and_answered(screening, current_catalogue()),
    )


@bp.get("/screening/<token>/answers.json")
def own_answers_json(token: str):
    """Return the patient's answers and result as a JSON file to keep."""
    screening = screening_or_404(token)
    record_own_download(screening, "json")
    db.session.commit()
    body = json.dumps(own_copy(screening, current_catalogue()), indent=2)
    name = f"screening-{screening.reference}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
