"""The work queue: the screenings that need a person, oldest first.

A screening needs a person while it is open (review status "new") and
either the rules referred it ("needs review") or staff asked the patient
for more information. Pages are cut by the (created_at, id) of the last
row shown, as in the full list (services/queue.py), reading the status
index in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, tuple_

from ..infra.extensions import db
from ..models import DecisionKind, ReviewStatus, Screening
from ..rules import Outcome
from .queue import Cursor, outcome_counts
from .wording import clinic_date


def referred() -> ColumnElement[bool]:
    """Return the condition of open screenings the rules referred for review."""
    return and_(
        Screening.review_status == ReviewStatus.NEW,
        Screening.outcome == Outcome.NEEDS_REVIEW,
    )


def waiting_for_information() -> ColumnElement[bool]:
    """Return the condition of open screenings waiting for more information."""
    return and_(
        Screening.review_status == ReviewStatus.NEW,
        Screening.latest_decision == DecisionKind.MORE_INFORMATION,
    )


def needs_a_person() -> ColumnElement[bool]:
    """Return the condition of screenings in the work queue."""
    return or_(referred(), waiting_for_information())


@dataclass(frozen=True)
class WorkItem:
    """One row of the work queue, with what a nurse reads before opening it."""

    reference: str
    full_name: str
    created_at: datetime
    age: int
    visit_date: date | None
    reasons: list[str]
    more_information_at: datetime | None
    days_waiting: int
    # The stored results of the rules that fired, for their words translated.
    fired: list[dict]
    # The language the patient answered in.
    language: str


def fired_in(trace) -> list[dict]:
    """Return the stored results of the rules that fired, from a stored trace."""
    results = trace if isinstance(trace, list) else trace.get("rules", [])
    return [result for result in results if result.get("matched", True)]


def reasons_in(trace) -> list[str]:
    """Return the staff reasons of the rules that fired, from a stored trace."""
    return [result.get("reason") or result["rule"] for result in fired_in(trace)]


LISTED = (
    Screening.reference,
    Screening.full_name,
    Screening.created_at,
    Screening.age,
    Screening.visit_date,
    Screening.trace,
    Screening.latest_decision,
    Screening.latest_decision_at,
    Screening.language,
    Screening.id,
)


def oldest(condition, after: Cursor | None, size: int) -> list:
    """Return the ``size`` oldest rows meeting ``condition`` after ``after``."""
    query = select(*LISTED).where(condition)
    if after is not None:
        query = query.where(
            tuple_(Screening.created_at, Screening.id)
            > tuple_(literal(after.created_at, Screening.created_at.type), after.id)
        )
    query = query.order_by(Screening.created_at, Screening.id).limit(size)
    return list(db.session.execute(query))


def work_page(
    after: Cursor | None, size: int, now: datetime
) -> tuple[list[WorkItem], Cursor | None]:
    """Return one page of the work queue, oldest first, and the next page's cursor.

    The two kinds of open case are read apart, each in order from its own
    index, and merged: one query with OR would read and sort every open
    case to find the oldest few.
    """
    merged = {
        row.id: row
        for part in (referred(), waiting_for_information())
        for row in oldest(part, after, size + 1)
    }
    rows = sorted(merged.values(), key=lambda row: (row.created_at, row.id))
    rows = rows[: size + 1]
    today = clinic_date(now)
    items = [
        WorkItem(
            reference=row.reference,
            full_name=row.full_name,
            created_at=row.created_at,
            age=row.age,
            visit_date=row.visit_date,
            reasons=reasons_in(row.trace),
            more_information_at=row.latest_decision_at
            if row.latest_decision == DecisionKind.MORE_INFORMATION
            else None,
            days_waiting=(today - clinic_date(row.created_at)).days,
            fired=fired_in(row.trace),
            language=row.language,
        )
        for row in rows[:size]
    ]
    if len(rows) <= size:
        return items, None
    last = rows[size - 1]
    return items, Cursor(last.created_at, last.id)


def work_count() -> int:
    """Return how many screenings the work queue holds.

    Referred open screenings come from the tally; the few others, waiting
    for more information, are counted on their index.
    """
    referred_count = outcome_counts(ReviewStatus.NEW)[Outcome.NEEDS_REVIEW]
    others = db.session.scalar(
        select(func.count()).where(
            waiting_for_information(), Screening.outcome != Outcome.NEEDS_REVIEW
        )
    )
    return referred_count + others
