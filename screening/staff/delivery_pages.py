"""Admin page: messages the deliverer gave up on, and a retry for each (audited)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user

from ..infra.extensions import db
from ..services.outbox import failed_messages, retry_failed
from . import admin_required, bp

TOPIC_LABELS = {
    "patient.submitted": lazy_gettext("Patient: link to their result"),
    "patient.decided": lazy_gettext("Patient: the clinic has reviewed their screening"),
    "staff.digest": lazy_gettext("Staff: screenings need review"),
    "screening.created": lazy_gettext("Webhook: new screening"),
    "decision.recorded": lazy_gettext("Webhook: decision recorded"),
}


@bp.get("/deliveries")
@admin_required
def deliveries():
    """List failed deliveries: what, when, how often tried, why; never the body."""
    return render_template(
        "staff/deliveries.html", messages=failed_messages(), topics=TOPIC_LABELS
    )


@bp.post("/deliveries/<int:message_id>/retry")
@admin_required
def retry_delivery(message_id: int):
    """Put a failed delivery back in line, audited, then show the list (PRG)."""
    if retry_failed(message_id, current_user.id) is None:
        abort(404)
    db.session.commit()
    flash(gettext("Delivery %(number)s will be tried again.", number=message_id))
    return redirect(url_for(".deliveries"), 303)
