"""The peer's views, with the screening rules written inline."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from screening.rules.guidance import (
    BEFORE_TREATMENT,
    SIDE_EFFECTS_AND_AFTERCARE,
    WHAT_TO_EXPECT,
)

from . import db
from .forms import QUESTIONS, ScreeningForm
from .models import PeerScreening

bp = Blueprint("peer", __name__)

NEXT_STEPS = {
    "eligible": "You can book a consultation.",
    "needs_review": "A clinician will read your answers and contact you.",
    "not_eligible": "The clinic cannot offer you mesotherapy.",
}


def age_on(born: date, day: date) -> int:
    """Return the age in whole years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def decide(answers: dict, born: date, visit: date | None) -> tuple[str, list[str]]:
    """Return the outcome and its reasons for one set of answers."""
    age = age_on(born, visit or date.today())
    excluded, referred = [], []
    if age < 18:
        excluded.append("You must be 18 or older.")
    if age > 70:
        excluded.append("You must be 70 or younger.")
    if answers["pregnant"] == "yes":
        excluded.append("Mesotherapy is not offered during pregnancy.")
    if answers["pregnant"] == "unsure":
        referred.append("A clinician will check whether you may be pregnant.")
    if answers["good_health"] != "yes":
        referred.append("A clinician will ask about your general health.")
    for question in ("cancer_history", "heart_arrhythmia", "blood_clots"):
        if answers[question] == "yes":
            referred.append("A clinician will ask about your medical history.")
    if answers["takes_medication"] == "yes":
        referred.append("A clinician will check your medication.")
    if excluded:
        return "not_eligible", excluded
    return ("needs_review", referred) if referred else ("eligible", [])


@bp.route("/screening", methods=["GET", "POST"])
def screening_form():
    """Show the form; store a valid one and redirect to its result."""
    form = ScreeningForm()
    if form.validate_on_submit():
        answers = {name: form[name].data for name in QUESTIONS}
        outcome, reasons = decide(
            answers, form.date_of_birth.data, form.visit_date.data
        )
        screening = PeerScreening(
            full_name=form.full_name.data,
            email=form.email.data,
            phone=form.phone.data or None,
            date_of_birth=form.date_of_birth.data,
            visit_date=form.visit_date.data,
            answers={**answers, "medications": form.medications.data},
            treatment_areas=form.treatment_areas.data or [],
            outcome=outcome,
            reasons=reasons,
        )
        db.session.add(screening)
        db.session.commit()
        return redirect(url_for("peer.result", token=screening.token), code=303)
    return render_template("form.html", form=form)


@bp.get("/screening/<token>")
def result(token: str):
    """Show the outcome and its reasons."""
    screening = db.first_or_404(db.select(PeerScreening).filter_by(token=token))
    # The same guidance as the app's result page, so both pages weigh the same.
    return render_template(
        "result.html",
        screening=screening,
        next_step=NEXT_STEPS[screening.outcome],
        guidance={
            "Before your treatment": BEFORE_TREATMENT,
            "What to expect from mesotherapy": WHAT_TO_EXPECT,
            "Side effects and aftercare": SIDE_EFFECTS_AND_AFTERCARE,
        },
    )


@bp.post("/api/v1/eligibility")
def eligibility():
    """Return the outcome and its reasons for JSON answers."""
    body = request.get_json()
    answers = {
        name: body[name] if name == "pregnant" else ("yes" if body[name] else "no")
        for name in QUESTIONS
    }
    born = date.fromisoformat(body["date_of_birth"])
    visit = date.fromisoformat(body["visit_date"]) if body.get("visit_date") else None
    outcome, reasons = decide(answers, born, visit)
    return jsonify(outcome=outcome, reasons=reasons)
