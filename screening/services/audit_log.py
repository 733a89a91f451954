"""Reading the audit log: filters, pages, and the filtered log as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from ..infra.extensions import db
from ..models import AuditEvent
from .audit import detail_words, event_label
from .export import neutralise
from .wording import clinic_time, clinic_zone

AUDIT_COLUMNS = (
    "When (clinic time)",
    "What happened",
    "Staff member",
    "Screening",
    "Address",
    "Detail",
)


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to; None or "" means "all"."""

    staff_id: int | None = None
    reference: str = ""
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict[str, str]:
        """Return the filters as the audit page's query arguments."""
        args = {
            "staff": str(self.staff_id) if self.staff_id is not None else "",
            "screening": self.reference,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {key: value for key, value in args.items() if value}


def start_of(day: date) -> datetime:
    """Return the moment the clinic's ``day`` starts."""
    return datetime.combine(day, time(), tzinfo=clinic_zone())


def filtered_entries(filters: AuditFilters) -> Select:
    """Return the entries matching ``filters``, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.staff_id is not None:
        query = query.where(AuditEvent.staff_id == filters.staff_id)
    if filters.reference:
        query = query.where(AuditEvent.screening_reference == filters.reference)
    if filters.since:
        query = query.where(AuditEvent.occurred_at >= start_of(filters.since))
    if filters.until:
        end = start_of(filters.until + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query


def entry_count(filters: AuditFilters) -> int:
    """Return how many entries match ``filters``."""
    query = filtered_entries(filters).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def audit_page(filters: AuditFilters, before: int | None, size: int):
    """Return one page of entries, newest first, and the next page's key."""
    query = filtered_entries(filters)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = list(db.session.scalars(query.limit(size + 1)))
    if len(rows) <= size:
        return rows, None
    return rows[:size], rows[size - 1].id


def audit_csv_lines(
    filters: AuditFilters, before: int | None = None, batch: int = 1000
) -> Iterator[str]:
    """Yield the filtered entries older than ``before`` as CSV, in plain words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    while True:
        rows, before = audit_page(filters, before, batch)
        for entry in rows:
            words = detail_words(entry.detail)
            detail = "; ".join(f"{name}: {value}" for name, value in words)
            cells = (
                clinic_time(entry.occurred_at, english=True),
                event_label(entry.event),
                entry.staff.email if entry.staff else "",
                entry.screening_reference or "",
                entry.remote_addr or "command line",
                detail,
            )
            writer.writerow([neutralise(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if before is None:
            return
