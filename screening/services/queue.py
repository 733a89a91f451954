"""The staff review queue: filters, search and keyset pagination.

Pages are cut by the (created_at, id) of the last row shown, never by
OFFSET, so each page reads one index range however many screenings exist,
and screenings arriving meanwhile never shift a row onto another page.
Counts come from a tally kept by triggers and names are found through a
trigram index (migration 0003), so neither reads the whole table.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import selectinload

from ..infra.database import NAME_SEARCH_TABLE
from ..infra.extensions import db
from ..models import REFERENCE_ALPHABET, Decision, Screening, ScreeningTally
from ..rules import Outcome

# A reference as people type it: with or without "MS" and dashes, any case.
REFERENCE_SEARCH = re.compile(
    rf"^(MS-?)?([{REFERENCE_ALPHABET}]{{5}})-?([{REFERENCE_ALPHABET}]{{5}})$"
)
# A trigram index can only narrow a search for at least three characters.
TRIGRAM = 3
# A name matching at least this many screenings fills a page within a few
# thousand rows read in queue order; fewer matches are fetched by row id
# and sorted. Either way a search reads a bounded number of rows.
DENSE_MATCHES = 2000
name_search = table(NAME_SEARCH_TABLE, column("rowid"))


# Row ids are INTEGER columns: PostgreSQL's int4 ends here.
MAX_ID = 2**31 - 1


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
        """Return the cursor encoded in ``text`` or raise CursorError.

        Whatever decodes must also bind: an id beyond the column's range or
        a time that leaves the calendar once in UTC (year 1 at +23:59) is
        refused here, not left to fail inside the query.
        """
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            created, _, ident = raw.partition("|")
            moment, number = datetime.fromisoformat(created), int(ident)
            if moment.tzinfo is None or not 0 <= number <= MAX_ID:
                raise CursorError(text)
            return cls(moment.astimezone(UTC), number)
        except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
            raise CursorError(text) from None


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


@dataclass(frozen=True)
class Search:
    """A search's condition, and whether it finds its few rows by row id."""

    condition: ColumnElement[bool]
    by_row_id: bool = False


def search_for(term: str) -> Search:
    """Return the search for a reference, an email address or part of a name.

    A reference or an email address is an exact match on an index; any
    other text is a case-insensitive part of the name. Ten letters typed
    without "MS" may be either: "Ravensburg" has a reference's shape.
    """
    term = term.strip()
    reference = REFERENCE_SEARCH.match(term.upper())
    if reference:
        prefix, first, second = reference.groups()
        by_reference = Screening.reference == f"MS-{first}-{second}"
        if prefix:
            return Search(by_reference)
        name = name_search_for(term)
        return Search(or_(by_reference, name.condition), name.by_row_id)
    if "@" in term:
        return Search(Screening.email_key == term.lower())
    return name_search_for(term)


def name_search_for(term: str) -> Search:
    """Return the search for names containing ``term``, whatever its case.

    PostgreSQL's planner chooses between the pg_trgm index (few matches)
    and reading the queue in order until a page is full (many matches).
    SQLite cannot estimate how many rows an FTS5 query matches, so the
    choice is made here by counting them, up to a cap. Terms shorter than
    a trigram read the names in queue order.
    """
    if db.engine.dialect.name == "sqlite" and len(term) >= TRIGRAM:
        matching = select(name_search.c.rowid).where(
            literal_column(NAME_SEARCH_TABLE).op("MATCH")(fts_phrase(term))
        )
        capped = select(func.count()).select_from(
            matching.limit(DENSE_MATCHES).subquery()
        )
        if db.session.scalar(capped) < DENSE_MATCHES:
            return Search(Screening.id.in_(matching), by_row_id=True)
    escaped = term.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return Search(func.lower(Screening.full_name).like(f"%{escaped}%", escape="\\"))


def fts_phrase(term: str) -> str:
    """Return ``term`` as one FTS5 phrase: with trigrams, a substring."""
    return '"' + term.replace('"', '""') + '"'


def unindexed(column):
    """Return ``column`` as SQLite's unary plus, which no index can serve.

    Rows found by id must be fetched by id: given an index on a filter
    column, SQLite would read it in order, all of it, to find them.
    """
    return literal_column(f"+{column.table.name}.{column.name}", column.type)


def filtered(filters: QueueFilters, after: Cursor | None = None) -> Select:
    """Return the screenings matching ``filters`` (after ``after``), newest first."""
    search = search_for(filters.search) if filters.search.strip() else None
    column = unindexed if search and search.by_row_id else (lambda same: same)
    query = select(Screening)
    if filters.outcome:
        query = query.where(column(Screening.outcome) == filters.outcome)
    if filters.status:
        query = query.where(column(Screening.review_status) == filters.status)
    if search:
        query = query.where(search.condition)
    if after is not None:
        query = query.where(
            tuple_(column(Screening.created_at), Screening.id)
            < tuple_(literal(after.created_at, Screening.created_at.type), after.id)
        )
    return query.order_by(Screening.created_at.desc(), Screening.id.desc())


def page_query(filters: QueueFilters, after: Cursor | None, size: int) -> Select:
    """Return the query for one page (and one row more, to know if another follows)."""
    return filtered(filters, after).limit(size + 1)


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
    """Yield every matching screening with its decisions, one keyset page at a time."""
    cursor = None
    with_decisions = selectinload(Screening.decisions).joinedload(Decision.staff)
    while True:
        query = page_query(filters, cursor, batch).options(with_decisions)
        rows = list(db.session.scalars(query))
        cursor = None
        if len(rows) > batch:
            rows = rows[:batch]
            cursor = Cursor(rows[-1].created_at, rows[-1].id)
        yield from rows
        for row in rows:
            db.session.expunge(row)  # with its decisions, never the staff
        if cursor is None:
            return


def outcome_counts(status: str = "") -> dict[str, int]:
    """Return how many screenings each outcome has (within a review status)."""
    query = select(ScreeningTally.outcome, func.sum(ScreeningTally.total)).group_by(
        ScreeningTally.outcome
    )
    if status:
        query = query.where(ScreeningTally.review_status == status)
    counts = dict.fromkeys((str(outcome) for outcome in Outcome), 0)
    counts.update({outcome: count for outcome, count in db.session.execute(query)})
    return counts
