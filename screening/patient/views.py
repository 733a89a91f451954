"""Views for patients: thin wrappers around the form and the screening store."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from ..infra import clock
from ..infra.clock import clinic_today
from ..infra.database import erase_deleted_traces
from ..infra.errors import handle_csrf_error
from ..infra.extensions import db
from ..infra.languages import speak_as_answered
from ..infra.ratelimits import limit_screening_posts
from ..infra.transactions import unit_of_work
from ..models import Screening
from ..rules import Outcome, checklist_for
from ..rules.explain import concerns_by_severity, exclusions
from ..rules.guidance import NEXT_STEPS
from ..services.notifications import writing_language
from ..services.retention import delete_own_screening
from ..services.store import (
    current_catalogue,
    current_ruleset,
    store_screening,
    usable_nonce,
)
from ..services.visit_calendar import visit_calendar
from . import bp
from .blank_form import blank_form_page
from .forms import new_screening_form, submission_from
from .guidance import guidance_for, reasons_as_statements, sources_of


def today():
    """Return the clinic's current date."""
    return clinic_today(current_app.config["CLINIC_TIMEZONE"])


@bp.get("/")
def start():
    """Say who the clinic treats, from the rules in force, before any question."""
    return render_template(
        "patient/start.html", concerns=concerns_by_severity(current_ruleset())
    )


@bp.route("/screening", methods=["GET", "POST"])
@limit_screening_posts
def screening_form():
    """Show the form; on a valid POST store the screening and redirect (303)."""
    if request.method != "POST":
        return blank_form_page(today())
    form = new_screening_form(today())
    if form.validate_on_submit():
        submission, details = submission_from(form)
        nonce = usable_nonce(form.nonce.data)
        with unit_of_work(write=True):
            token = store_screening(submission, details, nonce, today()).token
        return redirect(url_for(".result", token=token), code=303)
    form.nonce.data = usable_nonce(form.nonce.data)
    return render_template("patient/form.html", form=form)


@bp.errorhandler(CSRFError)
def resubmit_after_csrf_failure(error: CSRFError):
    """Refuse the POST but show the answers again, ready to send once more."""
    if request.endpoint != "patient.screening_form":
        return handle_csrf_error(error)
    form = new_screening_form(today())
    form.nonce.data = usable_nonce(form.nonce.data)
    return render_template("patient/form.html", form=form, csrf_failed=True), 400


def screening_or_404(token: str) -> Screening:
    """Return the screening for this token; unknown tokens are simply not found."""
    screening = db.session.scalar(select(Screening).filter_by(token=token))
    if screening is None:
        abort(404)
    speak_as_answered(screening.language)
    return screening


@bp.get("/screening/<token>")
def result(token: str):
    """Show the outcome, its reasons and, for a patient who may visit, the guidance."""
    screening = screening_or_404(token)
    outcome = Outcome(screening.outcome)
    guidance = guidance_for(outcome, current_app.config)
    return render_template(
        "patient/result.html",
        screening=screening,
        outcome=outcome,
        next_step=NEXT_STEPS[outcome],
        exclusions=exclusions(screening.fired, screening.date_of_birth),
        guidance=guidance,
        sources=sources_of(reasons_as_statements(screening.fired), *guidance.values()),
    )


@bp.get("/screening/<token>/checklist")
def checklist(token: str):
    """Show the one-page printable checklist; not eligible: no visit to prepare."""
    screening = screening_or_404(token)
    outcome = Outcome(screening.outcome)
    if outcome is Outcome.NOT_ELIGIBLE:
        return render_template("patient/no_checklist.html", screening=screening), 404
    items = checklist_for(outcome, screening.answers(current_catalogue()))
    return render_template(
        "patient/checklist.html",
        screening=screening,
        outcome=outcome,
        next_step=NEXT_STEPS[outcome],
        items=items,
        sources=sources_of(items),
    )


@bp.get("/screening/<token>/visit.ics")
def visit_ics(token: str):
    """Return the planned visit as a calendar file, in the screening's language."""
    screening = screening_or_404(token)
    if screening.visit_date is None:
        abort(404)
    with force_locale(writing_language(screening.language)):
        body = visit_calendar(
            current_app.config, screening.reference, screening.visit_date, clock.now()
        )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="visit.ics"'},
    )


@bp.get("/screening/<token>/delete")
def confirm_delete(token: str):
    """Ask the patient to confirm that their screening should be deleted."""
    return render_template("patient/delete.html", screening=screening_or_404(token))


@bp.post("/screening/<token>/delete")
def delete(token: str):
    """Delete the screening with everything attached, then say so (PRG)."""
    with unit_of_work(write=True):
        delete_own_screening(screening_or_404(token))
    erase_deleted_traces()
    # A new session invalidates the old form's CSRF token, so going back
    # and re-sending the form cannot store the answers again.
    session.clear()
    return redirect(url_for(".deleted"), code=303)


@bp.get("/screening/deleted")
def deleted():
    """Confirm the deletion."""
    return render_template("patient/deleted.html")
