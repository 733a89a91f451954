"""One screening for staff: detail, decisions and a printable summary."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from ..models import DecisionKind
from ..models.screening import asked_and_answered
from ..services.review import record_decision, record_view, screening_by_reference
from ..services.store import current_catalogue
from . import bp
from .forms import DecisionForm


def answered(screening) -> list[tuple]:
    """Return each question asked in this screening with its answer."""
    return asked_and_answered(screening, current_catalogue())


def render_detail(reference: str, form: DecisionForm):
    """Render the detail page and audit that it was seen."""
    screening = screening_by_reference(reference)
    record_view(screening, current_user, "detail")
    return render_template(
        "staff/detail.html", screening=screening, form=form, answers=answered(screening)
    )


@bp.get("/screenings/<reference>")
def detail(reference: str):
    """Show every answer, the rule trace, contact details and decision history."""
    return render_detail(reference, DecisionForm(formdata=None))


@bp.post("/screenings/<reference>/decisions")
def decide(reference: str):
    """Record a decision with its note, then show the updated history (PRG)."""
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_detail(reference, form)
    screening = screening_by_reference(reference)
    record_decision(
        screening, current_user, DecisionKind(form.kind.data), form.note.data
    )
    return redirect(url_for(".detail", reference=reference, _anchor="decisions"), 303)


@bp.get("/screenings/<reference>/summary")
def summary(reference: str):
    """Show a one-page summary to print for the patient's paper file."""
    screening = screening_by_reference(reference)
    record_view(screening, current_user, "summary")
    return render_template(
        "staff/summary.html", screening=screening, answers=answered(screening)
    )
