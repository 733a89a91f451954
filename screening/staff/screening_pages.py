"""One screening for staff: detail, decisions and a printable summary."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..infra import clock
from ..models import DecisionKind, stored_answers
from ..services.review import (
    DecisionRefused,
    is_override,
    record_decision,
    record_view,
    screening_by_reference,
)
from ..services.store import current_catalogue, current_ruleset
from . import bp
from .forms import DecisionForm


def answered(screening) -> list[tuple]:
    """Return each catalogue question with this screening's answer to it."""
    catalogue = current_catalogue()
    answers = stored_answers(screening, catalogue)
    return [(question, answers[question.id]) for question in catalogue]


def fired_fields(screening) -> dict[str, list[str]]:
    """Return, for each answer a fired rule read, the ids of the rules that fired."""
    reads = {rule.id: rule.reads for rule in current_ruleset().rules}
    fields: dict[str, list[str]] = {}
    for result in screening.fired:
        for field in reads.get(result["rule"], ()):
            fields.setdefault(field, []).append(result["rule"])
    return fields


def render_detail(reference: str, form: DecisionForm):
    """Render the detail page and audit that it was seen."""
    screening = screening_by_reference(reference)
    record_view(screening, current_user, "detail")
    return render_template(
        "staff/detail.html",
        screening=screening,
        form=form,
        answers=answered(screening),
        fired_fields=fired_fields(screening),
        override_possible=is_override(screening, DecisionKind.APPROVED),
        override_minimum=current_app.config["STAFF_OVERRIDE_REASON_MIN"],
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
    kind = DecisionKind(form.kind.data)
    try:
        decision = record_decision(
            screening,
            current_user,
            kind,
            form.note.data,
            override_confirmed=form.confirm_override.data,
        )
    except DecisionRefused as refused:
        form[refused.field].errors = [str(refused)]
        return render_detail(reference, form)
    flash(f"Decision recorded: {decision.label}.")
    return redirect(url_for(".detail", reference=reference, _anchor="decisions"), 303)


@bp.get("/screenings/<reference>/summary")
def summary(reference: str):
    """Show a one-page summary to print for the patient's paper file."""
    screening = screening_by_reference(reference)
    record_view(screening, current_user, "summary")
    return render_template(
        "staff/summary.html",
        screening=screening,
        answers=answered(screening),
        printed_at=clock.now(),
    )
