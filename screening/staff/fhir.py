"""Screenings for other systems: one as a QuestionnaireResponse, or all as NDJSON."""

from __future__ import annotations

from flask import Response, abort, request, stream_with_context
from flask_login import current_user

from .. import clock
from ..api.fhir import fhir_response
from ..audit import Event, record
from ..extensions import db
from ..fhir_records import ndjson_lines, response_for
from ..heartbeat import beating
from ..queue import QueueFilters, all_matching
from ..reviews import record_view, screening_by_reference
from . import admin_required, bp
from .forms import FilterForm


@bp.get("/screenings/<reference>/fhir")
def screening_fhir(reference: str):
    """Return one screening as a QuestionnaireResponse (audited)."""
    screening = screening_by_reference(reference)
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
