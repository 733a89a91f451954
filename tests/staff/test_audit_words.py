"""The audit log reads in plain words, filters by date, and downloads as CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import AuditEvent
from screening.services.audit import EVENT_LABELS, Event, detail_words


def test_every_event_type_has_a_label_in_plain_words():
    for event in Event:
        assert event in EVENT_LABELS, f"{event} has no label"
        label = event.label
        assert label and "." not in label and "_" not in label, label


def test_details_read_in_words():
    words = detail_words({"view": "detail", "admin": True, "via": "cli"})
    assert words == [
        ("Page", "screening details"),
        ("Admin", "yes"),
        ("Done from", "the command line"),
    ]


def test_the_audit_page_shows_labels_not_codes(
    admin_client, staff_client, screening_factory
):
    reference = screening_factory()
    staff_client.get(f"/staff/screenings/{reference}")
    page = admin_client.get("/staff/audit").text
    assert "Looked at a screening" in page and "Signed in" in page
    assert "<dt>Page</dt><dd>screening details</dd>" in page
    assert ">screening.viewed<" not in page and "view: detail" not in page


def test_the_audit_log_filters_by_date_range_in_the_clinics_days(
    app, screening_factory, clock, login, staff_member, admin_member
):
    reference = screening_factory()
    for _ in range(2):  # seen on 26 and on 28 November
        nurse = app.test_client()
        assert login(nurse, staff_member).status_code == 303
        nurse.get(f"/staff/screenings/{reference}")
        clock.advance(days=2)
    admin = app.test_client()
    assert login(admin, admin_member).status_code == 303

    def viewed(query: str) -> int:
        page = admin.get(f"/staff/audit?screening={reference}&{query}")
        return page.text.count('data-event="screening.viewed"')

    assert viewed("") == 2
    assert viewed("since=2026-11-27") == 1
    assert viewed("until=2026-11-26") == 1
    assert viewed("since=2026-11-26&until=2026-11-28") == 2
    assert viewed("since=2026-11-29") == 0
    refused = admin.get("/staff/audit?since=2026-11-28&until=2026-11-26")
    assert "The end date must be on or after the start date" in refused.text
    assert admin.get("/staff/audit?since=yesterday").status_code == 200


def audit_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="audit-'
    )
    return list(csv.DictReader(io.StringIO(response.text)))


def test_admins_download_the_filtered_audit_log_and_the_download_is_audited(
    app, clock, admin_client, staff_client, screening_factory, admin_member
):
    reference = screening_factory()
    staff_client.get(f"/staff/screenings/{reference}")
    staff_client.get(f"/staff/screenings/{reference}/summary")
    rows = audit_csv(admin_client.get(f"/staff/audit.csv?screening={reference}"))
    assert [row["What happened"] for row in rows] == ["Looked at a screening"] * 2
    assert rows[0]["Detail"] == "Page: printable summary"
    assert rows[0]["When (clinic time)"] == "26 Nov 2026 09:00"
    with app.app_context():
        entry = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
        assert (entry.event, entry.staff_id) == ("audit.exported", admin_member.id)
        assert entry.detail == {"rows": 2, "screening": reference}
    assert staff_client.get("/staff/audit.csv").status_code == 403


def test_a_screening_export_records_its_filters_and_row_count(
    app, admin_client, screening_factory
):
    for outcome in ("needs_review", "needs_review", "eligible"):
        screening_factory(outcome=outcome)
    admin_client.get("/staff/export.csv?outcome=needs_review").get_data()
    with app.app_context():
        entry = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert entry.event == "export"
    assert entry.detail == {"outcome": "needs_review", "rows": 2}
