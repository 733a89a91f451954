"""One screening for staff: detail, decisions and a printable summary."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from ..infra import clock
from ..infra.extensions import db
from ..infra.transactions import unit_of_work
from ..models import DecisionKind, Screening
from ..models.screening import asked_and_answered
from ..services.review import (
    DecisionRefused,
    is_override,
    record_decision,
    record_view,
)
from ..services.store import current_catalogue, current_ruleset
from ..services.wording import decision_words
from . import bp
from .forms import DecisionForm


def answered(screening) -> list[tuple]:
    """Return each question asked in this screening with its answer."""
    return asked_and_answered(screening, current_catalogue())


def screening_or_404(reference: str) -> Screening:
    """Return the screening with this reference, or answer 404."""
    return db.one_or_404(select(Screening).filter_by(reference=reference))


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
    screening = screening_or_404(reference)
    with unit_of_work():
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
    try:
        with unit_of_work(write=True):
            decision = record_decision(
                screening_or_404(reference),
                current_user,
                DecisionKind(form.kind.data),
                form.note.data,
                override_confirmed=form.confirm_override.data,
            )
            label = decision_words(decision.kind, decision.override)
    except DecisionRefused as refused:
        form[refused.field].errors = [str(refused)]
        return render_detail(reference, form)
    flash(gettext("Decision recorded: %(decision)s.", decision=label))
    return redirect(url_for(".detail", reference=reference, _anchor="decisions"), 303)


@bp.get("/screenings/<reference>/summary")
def summary(reference: str):
    """Show a one-page summary to print for the patient's paper file."""
    screening = screening_or_404(reference)
    with unit_of_work():
        record_view(screening, current_user, "summary")
    return render_template(
        "staff/summary.html",
        screening=screening,
        answers=answered(screening),
        printed_at=clock.now(),
    )
