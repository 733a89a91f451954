"""The work queue (the staff home page), the full list and its CSV export."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_login import current_user

from ..infra import clock
from ..infra.extensions import db
from ..infra.heartbeat import beating
from ..models import DECISION_LABELS
from ..services.audit import Event, record
from ..services.export import csv_lines
from ..services.queue import (
    Cursor,
    CursorError,
    QueueFilters,
    all_matching,
    outcome_counts,
    queue_page,
)
from ..services.store import current_catalogue
from ..services.work_queue import work_count, work_page
from . import admin_required, bp
from .forms import FilterForm, SearchForm


def cursor_from(text: str | None) -> Cursor | None:
    """Return the page cursor, answering 400 to one this site did not make."""
    if not text:
        return None
    try:
        return Cursor.decode(text)
    except CursorError:
        abort(400)


def matching_count(filters: QueueFilters) -> int:
    """Return how many screenings the filters match, from the tally."""
    counts = outcome_counts(filters.status)
    return counts[filters.outcome] if filters.outcome else sum(counts.values())


def render_queue(filters: QueueFilters, after: str | None, filter_form, search_form):
    """Render one page of the queue with its counts per outcome."""
    rows, next_cursor = queue_page(
        filters,
        cursor_from(after),
        current_app.config["STAFF_QUEUE_PAGE_SIZE"],
    )
    return render_template(
        "staff/queue.html",
        # The form whose errors the page's error summary lists.
        form=search_form if search_form.errors else filter_form,
        filter_form=filter_form,
        search_form=search_form,
        filters=filters,
        after=after,
        rows=rows,
        next_cursor=next_cursor.encode() if next_cursor else None,
        counts=outcome_counts(filters.status),
        decision_labels=DECISION_LABELS,
    )


@bp.get("/")
def work_queue():
    """List the screenings that need a person, oldest first, with their reasons."""
    items, next_cursor = work_page(
        cursor_from(request.args.get("after")),
        current_app.config["STAFF_QUEUE_PAGE_SIZE"],
        clock.now(),
    )
    return render_template(
        "staff/work_queue.html",
        items=items,
        total=work_count(),
        after=request.args.get("after"),
        next_cursor=next_cursor.encode() if next_cursor else None,
    )


@bp.get("/screenings")
def queue():
    """List screenings newest first, filtered by outcome and review status."""
    filter_form = FilterForm(request.args)
    filters = QueueFilters()
    if filter_form.validate():
        filters = QueueFilters(filter_form.outcome.data, filter_form.status.data)
    search_form = SearchForm(formdata=None, **filters.as_args())
    return render_queue(filters, filter_form.after.data, filter_form, search_form)


@bp.post("/screenings")
def search():
    """Search the queue; the term stays in the request body, out of every URL."""
    search_form = SearchForm()
    filters = QueueFilters()
    if search_form.validate():
        filters = QueueFilters(
            search_form.outcome.data, search_form.status.data, search_form.q.data
        )
    filter_form = FilterForm(formdata=None, **filters.as_args())
    return render_queue(filters, search_form.after.data, filter_form, search_form)


@bp.get("/export.csv")
@admin_required
def export_csv():
    """Download the filtered queue as CSV (admins only; audited before it starts)."""
    form = FilterForm(request.args)
    if not form.validate():
        abort(400)
    filters = QueueFilters(form.outcome.data, form.status.data)
    rows = matching_count(filters)
    record(Event.EXPORT, staff_id=current_user.id, rows=rows, **filters.as_args())
    db.session.commit()
    filename = f"screenings-{clock.now():%Y%m%d-%H%M%S}.csv"
    return Response(
        stream_with_context(
            csv_lines(beating(all_matching(filters)), current_catalogue())
        ),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
