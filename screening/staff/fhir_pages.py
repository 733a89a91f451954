"""Screenings for other systems: one as a QuestionnaireResponse, or all as NDJSON."""

from __future__ import annotations

from flask import Response, abort, request, stream_with_context
from flask_login import current_user

from ..api.fhir import fhir_response
from ..infra import clock
from ..infra.extensions import db
from ..infra.heartbeat import beating
from ..infra.transactions import unit_of_work
from ..services.audit import Event, record
from ..services.fhir_records import ndjson_lines, response_for
from ..services.queue import QueueFilters, all_matching
from ..services.review import record_view
from . import admin_required, bp
from .forms import FilterForm
from .screening_pages import screening_or_404


@bp.get("/screenings/<reference>/fhir")
def screening_fhir(reference: str):
    """Return one screening as a QuestionnaireResponse (audited)."""
    screening = screening_or_404(reference)
    with unit_of_work():
        record_view(screening, current_user, "fhir")
    return fhir_response(response_for(screening))


@bp.get("/export.ndjson")
@admin_required
def export_ndjson():
    """Stream the filtered queue, one QuestionnaireResponse a line (admins; audited).

    The screenings are read in keyset pages of a thousand and each page is
    let go before the next, so the export's memory does not grow with the
    number of screenings (measured in docs/benchmarks.md).
    """
    form = FilterForm(request.args)
    if not form.validate():
        abort(400)
    filters = QueueFilters(form.outcome.data, form.status.data)
    record(Event.EXPORT, staff_id=current_user.id, format="ndjson", **filters.as_args())
    db.session.commit()
    filename = f"screenings-{clock.now():%Y%m%d-%H%M%S}.ndjson"
    return Response(
        stream_with_context(ndjson_lines(beating(all_matching(filters)))),
        mimetype="application/fhir+ndjson",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
