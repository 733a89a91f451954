"""Deleting screenings: by age (the retention period) or at the patient's wish."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from ..infra import clock
from ..infra.database import erase_deleted_traces
from ..infra.extensions import db
from ..models import Decision, Screening
from .audit import Event, record

PURGE_BATCH = 500


def delete_own_screening(screening: Screening) -> None:
    """Delete a screening, its decisions and notes, as its patient asked."""
    reference = screening.reference
    db.session.delete(screening)
    record(Event.SCREENING_SELF_DELETED, screening_reference=reference)
    db.session.commit()
    erase_deleted_traces()


def purge_older_than(days: int) -> int:
    """Delete every screening created more than ``days`` days ago; return how many.

    Batches keep each transaction short on a large table; the count is
    audited once at the end.
    """
    cutoff = clock.now() - timedelta(days=days)
    purged = 0
    while True:
        ids = list(
            db.session.scalars(
                select(Screening.id)
                .where(Screening.created_at < cutoff)
                .order_by(Screening.id)
                .limit(PURGE_BATCH)
            )
        )
        if not ids:
            break
        db.session.execute(delete(Decision).where(Decision.screening_id.in_(ids)))
        db.session.execute(delete(Screening).where(Screening.id.in_(ids)))
        db.session.commit()
        purged += len(ids)
    record(Event.PURGE, count=purged, older_than_days=days, via="cli")
    db.session.commit()
    erase_deleted_traces()
    return purged
