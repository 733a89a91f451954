"""Staff review of one screening: reading it (audited) and deciding on it.

Functions flush; the staff pages commit (unit_of_work).
"""

from __future__ import annotations

from ..infra import clock
from ..infra.extensions import db
from ..models import Decision, DecisionKind, Screening, StaffMember, review_status_after
from .audit import Event, record
from .notifications import decision_recorded


def record_view(screening: Screening, staff: StaffMember, view: str) -> None:
    """Audit that a staff member saw this screening's personal data."""
    record(
        Event.SCREENING_VIEWED,
        staff_id=staff.id,
        screening_reference=screening.reference,
        view=view,
    )


def record_decision(
    screening: Screening, staff: StaffMember, kind: DecisionKind, note: str
) -> Decision:
    """Add a decision to the history, audit it and queue its messages (flushes)."""
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
    db.session.flush()
    return decision
