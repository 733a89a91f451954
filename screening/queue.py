"""The staff review queue: filters, search and keyset pagination.

Pages are cut by the (created_at, id) of the last row shown, never by
OFFSET, so each page reads one index range however many screenings exist,
and screenings arriving meanwhile never shift a row onto another page.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, literal, select, tuple_

from .extensions import db
from .models import Screening
from .rules import Outcome

REFERENCE_SEARCH = re.compile(r"^(?:MS-?)?([0-9A-Z]{5})-?([0-9A-Z]{5})$")


class CursorError(ValueError):
    """The page cursor in the address is not one this application made."""


@dataclass(frozen=True)
class Cursor:
    """The position after which the next page starts (newest first)."""

    created_at: datetime
    id: int

    def encode(self) -> str:
        """Return an opaque, URL-safe form of the cursor."""
        raw = f"{self.created_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Return the cursor encoded in ``text`` or raise CursorError."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            created, _, ident = raw.partition("|")
            cursor = cls(datetime.fromisoformat(created), int(ident))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise CursorError(text) from None
        if cursor.created_at.tzinfo is None:
            raise CursorError(text)
        return cursor


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values mean "all"."""

    outcome: str = ""
    status: str = ""
    search: str = ""

    def as_args(self) -> dict[str, str]:
        """Return the non-personal filters for a link (never the search term)."""
        return {
            key: value
            for key, value in (("outcome", self.outcome), ("status", self.status))
            if value
        }


def search_clause(term: str):
    """Return the condition for a search by reference, email or name.

    A reference or an email address is an exact match on an index; any
    other text is a case-insensitive part of the name, scanned in queue
    order until a page is full.
    """
    term = term.strip()
    reference = REFERENCE_SEARCH.match(term.upper())
    if reference:
        return Screening.reference == "MS-{}-{}".format(*reference.groups())
    if "@" in term:
        return Screening.email_key == term.lower()
    escaped = term.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return func.lower(Screening.full_name).like(f"%{escaped}%", escape="\\")


def filtered(filters: QueueFilters) -> Select:
    """Return the screenings matching ``filters``, newest first."""
    query = select(Screening)
    if filters.outcome:
        query = query.where(Screening.outcome == filters.outcome)
    if filters.status:
        query = query.where(Screening.review_status == filters.status)
    if filters.search.strip():
        query = query.where(search_clause(filters.search))
    return query.order_by(Screening.created_at.desc(), Screening.id.desc())


def page_query(filters: QueueFilters, after: Cursor | None, size: int) -> Select:
    """Return the query for one page (and one row more, to know if another follows)."""
    query = filtered(filters)
    if after is not None:
        query = query.where(
            tuple_(Screening.created_at, Screening.id)
            < tuple_(literal(after.created_at, Screening.created_at.type), after.id)
        )
    return query.limit(size + 1)


def queue_page(
    filters: QueueFilters, after: Cursor | None, size: int
) -> tuple[list[Screening], Cursor | None]:
    """Return one page of the queue and the cursor of the next page, if any."""
    rows = list(db.session.scalars(page_query(filters, after, size)))
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], Cursor(last.created_at, last.id)


def all_matching(filters: QueueFilters, batch: int = 1000) -> Iterator[Screening]:
    """Yield every matching screening, one keyset page at a time."""
    cursor = None
    while True:
        rows, cursor = queue_page(filters, cursor, batch)
        yield from rows
        for row in rows:
            db.session.expunge(row)
        if cursor is None:
            return


def outcome_counts(status: str = "") -> dict[str, int]:
    """Return how many screenings each outcome has (within a review status).

    One grouped count that an index on (review_status, outcome, ...) answers.
    """
    query = select(Screening.outcome, func.count()).group_by(Screening.outcome)
    if status:
        query = query.where(Screening.review_status == status)
    counts = dict.fromkeys((str(outcome) for outcome in Outcome), 0)
    counts.update({outcome: count for outcome, count in db.session.execute(query)})
    return counts
