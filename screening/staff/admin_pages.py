"""Admin pages: the audit log and the list of staff accounts."""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select
from wtforms import SelectChoice

from ..infra.extensions import db
from ..models import AuditEvent, StaffMember
from . import admin_required, bp
from .forms import AuditFilterForm

AUDIT_PAGE_SIZE = 100


# The largest value of a 32-bit integer id column.
LARGEST_ID = 2**31 - 1


def all_staff() -> list[StaffMember]:
    """Return every staff account, by email address."""
    return list(db.session.scalars(select(StaffMember).order_by(StaffMember.email)))


def audit_page(staff_id: int | None, reference: str, before: int | None):
    """Return one page of audit entries, newest first, and the next page's key."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if staff_id is not None:
        query = query.where(AuditEvent.staff_id == staff_id)
    if reference:
        query = query.where(AuditEvent.screening_reference == reference)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = list(db.session.scalars(query.limit(AUDIT_PAGE_SIZE + 1)))
    if len(rows) <= AUDIT_PAGE_SIZE:
        return rows, None
    return rows[:AUDIT_PAGE_SIZE], rows[AUDIT_PAGE_SIZE - 1].id


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


@bp.get("/audit")
@admin_required
def audit():
    """Show the audit log, filtered by staff member and by screening."""
    staff = all_staff()
    form = AuditFilterForm(request.args)
    form.staff.choices = [SelectChoice("", "Everyone")] + [
        SelectChoice(str(member.id), member.email) for member in staff
    ]
    form.validate()
    reference = (form.screening.data or "").strip().upper()
    rows, next_before = audit_page(
        whole_number(form.staff.data), reference, whole_number(form.before.data)
    )
    filter_args = {"staff": form.staff.data, "screening": reference}
    return render_template(
        "staff/audit.html",
        form=form,
        rows=rows,
        next_before=next_before,
        filter_args={key: value for key, value in filter_args.items() if value},
    )


@bp.get("/accounts")
@admin_required
def accounts():
    """List staff accounts with their role, two-factor and lock state."""
    return render_template("staff/accounts.html", staff=all_staff())
