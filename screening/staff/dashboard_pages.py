"""The dashboard for all staff: arrivals, busy rules, review times, open cases."""

from __future__ import annotations

from flask import render_template

from ..infra import clock
from ..services.dashboard import TIMING_SAMPLE, WEEKS, dashboard
from ..services.wording import OUTCOME_WORDS, clinic_zone
from . import bp


def hours_words(hours: float | None) -> str:
    """Return a duration in hours as staff read it ("3.5 hours", "2.1 days")."""
    if hours is None:
        return "No final decisions yet"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


@bp.get("/dashboard")
def dashboard_page():
    """Show the last 12 weeks at a glance, each chart beside its data table."""
    figures = dashboard(clock.now(), clinic_zone())
    return render_template(
        "staff/dashboard.html",
        figures=figures,
        weeks=WEEKS,
        sample_limit=TIMING_SAMPLE,
        outcome_words=OUTCOME_WORDS,
        hours_words=hours_words,
    )
