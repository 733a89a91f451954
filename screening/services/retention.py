"""Deleting screenings: by age (the retention period) or at the patient's wish."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..infra import clock
from ..infra.extensions import db
from ..models import Decision, Screening
from .audit import Event, record

PURGE_BATCH = 500


def delete_own_screening(screening: Screening) -> None:
    """Delete a screening, its decisions and notes, as its patient asked (flushes).

    After the caller commits, erase_deleted_traces() makes the rows
    unrecoverable from the embedded database's files.
    """
    reference = screening.reference
    db.session.delete(screening)
    record(Event.SCREENING_SELF_DELETED, screening_reference=reference)
    db.session.flush()


def purge_cutoff(days: int) -> datetime:
    """Return the moment before which screenings are older than ``days`` days."""
    return clock.now() - timedelta(days=days)


def purge_batch(cutoff: datetime) -> int:
    """Delete up to PURGE_BATCH screenings created before ``cutoff``; return how many.

    The caller commits each batch, so each transaction stays short on a
    large table, and audits the total once (audit_purge).
    """
    ids = list(
        db.session.scalars(
            select(Screening.id)
            .where(Screening.created_at < cutoff)
            .order_by(Screening.id)
            .limit(PURGE_BATCH)
        )
    )
    if ids:
        db.session.execute(delete(Decision).where(Decision.screening_id.in_(ids)))
        db.session.execute(delete(Screening).where(Screening.id.in_(ids)))
    return len(ids)


def audit_purge(count: int, days: int) -> None:
    """Audit one purge run by its count (the deleted references are gone)."""
    record(Event.PURGE, count=count, older_than_days=days, via="cli")
