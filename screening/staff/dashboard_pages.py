"""The dashboard for all staff: arrivals, busy rules, review times, open cases."""

from __future__ import annotations

from dataclasses import replace

from flask import render_template
from flask_babel import gettext

from ..infra import clock
from ..infra.languages import translated
from ..services.dashboard import TIMING_SAMPLE, WEEKS, dashboard
from ..services.wording import OUTCOME_WORDS, clinic_zone, number_words
from . import bp


def hours_words(hours: float | None) -> str:
    """Return a duration in hours as staff read it ("3.5 hours", "2.1 days")."""
    if hours is None:
        return gettext("No final decisions yet")
    if hours < 48:
        return gettext("%(hours)s hours", hours=number_words(hours, 1))
    return gettext("%(days)s days", days=number_words(hours / 24, 1))


@bp.get("/dashboard")
def dashboard_page():
    """Show the last 12 weeks at a glance, each chart beside its data table."""
    figures = dashboard(clock.now(), clinic_zone())
    figures = replace(
        figures,
        open_by_age=[(translated(band), count) for band, count in figures.open_by_age],
    )
    return render_template(
        "staff/dashboard.html",
        figures=figures,
        weeks=WEEKS,
        sample_limit=number_words(TIMING_SAMPLE),
        outcome_words={
            outcome: translated(words) for outcome, words in OUTCOME_WORDS.items()
        },
        hours_words=hours_words,
    )
