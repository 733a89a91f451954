"""Staff review of one screening: reading it (audited) and deciding on it.

Functions flush; the staff pages commit (unit_of_work).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext

from ..infra import clock
from ..infra.extensions import db
from ..models import (
    Decision,
    DecisionKind,
    ReviewStatus,
    Screening,
    StaffMember,
    review_status_after,
)
from ..rules import Outcome
from .audit import Event, record
from .notifications import decision_recorded


class DecisionRefused(ValueError):
    """The decision cannot be recorded as asked; ``field`` and the message say why.

    The message is in the reader's language: only the staff pages decide.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def record_view(screening: Screening, staff: StaffMember, view: str) -> None:
    """Audit that a staff member saw this screening's personal data."""
    record(
        Event.SCREENING_VIEWED,
        staff_id=staff.id,
        screening_reference=screening.reference,
        view=view,
    )


def is_override(screening: Screening, kind: DecisionKind) -> bool:
    """Return True for an approval of a screening the rules found not eligible."""
    return kind == DecisionKind.APPROVED and screening.outcome == Outcome.NOT_ELIGIBLE


def check_override(staff: StaffMember, confirmed: bool, note: str) -> None:
    """Raise DecisionRefused unless this override is allowed and explained."""
    config = current_app.config
    if config["STAFF_OVERRIDE_ADMINS_ONLY"] and not staff.is_admin:
        raise DecisionRefused(
            "kind",
            gettext(
                "Only an admin can approve a screening the rules found not eligible"
            ),
        )
    if not confirmed:
        raise DecisionRefused(
            "confirm_override",
            gettext("Confirm that you are overriding the rules' outcome"),
        )
    shortest = config["STAFF_OVERRIDE_REASON_MIN"]
    if len(note.strip()) < shortest:
        raise DecisionRefused(
            "note",
            gettext(
                "Give the reason for the override in at least %(count)s characters",
                count=shortest,
            ),
        )


def record_decision(
    screening: Screening,
    staff: StaffMember,
    kind: DecisionKind,
    note: str,
    *,
    override_confirmed: bool = False,
) -> Decision:
    """Add a decision to the history, audit it and queue its messages, (flushes).

    Approving a not-eligible screening is an override: it raises
    DecisionRefused unless confirmed with a reason (and, if configured,
    made by an admin), and is marked as one in the history and the audit.
    """
    override = is_override(screening, kind)
    if override:
        check_override(staff, override_confirmed, note)
    now = clock.now()
    decision = Decision(
        screening=screening,
        staff_id=staff.id,
        kind=str(kind),
        note=note,
        override=override,
        created_at=now,
    )
    db.session.add(decision)
    screening.review_status = review_status_after(kind)
    screening.latest_decision = str(kind)
    screening.latest_decision_at = now
    if screening.review_status == ReviewStatus.DECIDED and not screening.decided_at:
        screening.decided_at = now
    details = {"decision": str(kind)} | ({"override": True} if override else {})
    record(
        Event.SCREENING_DECIDED,
        staff_id=staff.id,
        screening_reference=screening.reference,
        **details,
    )
    decision_recorded(screening, decision)
    db.session.flush()
    return decision
