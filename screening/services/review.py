"""Staff review of one screening: reading it (audited) and deciding on it."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..infra import clock
from ..infra.extensions import db
from ..models import Decision, DecisionKind, Screening, StaffMember, review_status_after
from .audit import Event, record
from .notifications import decision_recorded


def screening_by_reference(reference: str) -> Screening:
    """Return the screening with this reference, or answer 404."""
    screening = db.session.scalar(select(Screening).filter_by(reference=reference))
    if screening is None:
        abort(404)
    return screening


def record_view(screening: Screening, staff: StaffMember, view: str) -> None:
    """Audit that a staff member saw this screening's personal data."""
    record(
        Event.SCREENING_VIEWED,
        staff_id=staff.id,
        screening_reference=screening.reference,
        view=view,
    )
    db.session.commit()


def record_decision(
    screening: Screening, staff: StaffMember, kind: DecisionKind, note: str
) -> Decision:
    """Add a decision to the history, audit it and queue its messages, in one commit."""
    decision = Decision(
        screening=screening,
        staff_id=staff.id,
        kind=str(kind),
        note=note,
        created_at=clock.now(),
    )
    db.session.add(decision)
    screening.review_status = review_status_after(kind)
    screening.latest_decision = str(kind)
    record(
        Event.SCREENING_DECIDED,
        staff_id=staff.id,
        screening_reference=screening.reference,
        decision=str(kind),
    )
    decision_recorded(screening, decision)
    db.session.commit()
    return decision
