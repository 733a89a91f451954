"""The audit log for admins: filtered, paged, in plain words, and as CSV."""

from __future__ import annotations

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..infra import clock
from ..infra.extensions import db
from ..models import StaffMember
from ..services.audit import Event, record
from ..services.audit_log import AuditFilters, audit_csv_lines, audit_page, entry_count
from . import admin_required, bp
from .forms import AuditFilterForm

AUDIT_PAGE_SIZE = 100


# The largest value of a 32-bit integer id column.
LARGEST_ID = 2**31 - 1


def all_staff() -> list[StaffMember]:
    """Return every staff account, by email address."""
    return list(db.session.scalars(select(StaffMember).order_by(StaffMember.email)))


def whole_number(text: str | None) -> int | None:
    """Return ``text`` as a positive whole number; answer 400 to anything else.

    Only ASCII digits ("²" is a digit to isdigit, not to int), and no more
    than an id column holds: PostgreSQL refuses a larger number outright.
    """
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_ID:
        abort(400)
    return int(text)


def audit_form() -> tuple[AuditFilterForm, AuditFilters]:
    """Return the filter form from the address and the filters it sets."""
    form = AuditFilterForm(request.args)
    form.staff.choices = [SelectChoice("", gettext("Everyone"))] + [
        SelectChoice(str(member.id), member.email) for member in all_staff()
    ]
    valid = form.validate()
    dates_valid = valid or not (form.since.errors or form.until.errors)
    filters = AuditFilters(
        whole_number(form.staff.data),
        (form.screening.data or "").strip().upper(),
        form.since.data if dates_valid else None,
        form.until.data if dates_valid else None,
    )
    return form, filters


@bp.get("/audit")
@admin_required
def audit():
    """Show the audit log, filtered by staff member, screening and dates."""
    form, filters = audit_form()
    rows, next_before = audit_page(
        filters, whole_number(form.before.data), AUDIT_PAGE_SIZE
    )
    return render_template(
        "staff/audit.html",
        form=form,
        rows=rows,
        next_before=next_before,
        filter_args=filters.as_args(),
    )


@bp.get("/audit.csv")
@admin_required
def audit_csv():
    """Download the filtered audit log as CSV (audited with its filters and size)."""
    form, filters = audit_form()
    if form.errors:
        abort(400)
    rows = entry_count(filters)
    entry = record(
        Event.AUDIT_EXPORTED, staff_id=current_user.id, rows=rows, **filters.as_args()
    )
    db.session.commit()
    # The entries that existed when the count was taken, not this one or later.
    first_after = entry.id
    filename = f"audit-{clock.now():%Y%m%d-%H%M%S}.csv"
    return Response(
        stream_with_context(audit_csv_lines(filters, first_after)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
