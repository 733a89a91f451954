"""The audit log: every audited action leaves an entry; entries never change."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text
from support.paging import pages

from screening.infra.extensions import db
from screening.models import AuditEvent
from screening.models.audit import AuditLogError


def entries(app):
    with app.app_context():
        return [
            (e.event, e.staff_id, e.screening_reference, e.remote_addr, e.detail)
            for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_sign_ins_are_audited_with_the_address(app, client, staff_member, login):
    client.post(
        "/staff/login",
        data={"email": staff_member.email, "password": "wrong password here"},
    )
    client.post(
        "/staff/login", data={"email": "ghost@clinic.example", "password": "whatever"}
    )
    login(client, staff_member)
    client.post("/staff/logout")
    events = [entry for entry in entries(app) if entry[0] != "staff.created"]
    assert events == [
        (
            "login.failure",
            staff_member.id,
            None,
            "127.0.0.1",
            {"reason": "bad-password"},
        ),
        ("login.failure", None, None, "127.0.0.1", {"reason": "unknown-account"}),
        ("login.success", staff_member.id, None, "127.0.0.1", {"method": "totp"}),
        ("logout", staff_member.id, None, "127.0.0.1", {}),
    ]


def test_views_decisions_and_exports_are_audited(
    app, staff_client, admin_client, staff_member, admin_member, screening_factory
):
    reference = screening_factory()
    staff_client.get(f"/staff/screenings/{reference}")
    staff_client.get(f"/staff/screenings/{reference}/summary")
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Secret clinical note"},
    )
    admin_client.get("/staff/export.csv?outcome=needs_review").get_data()
    audited = [
        entry for entry in entries(app) if not entry[0].startswith(("login", "staff"))
    ]
    assert audited == [
        (
            "screening.viewed",
            staff_member.id,
            reference,
            "127.0.0.1",
            {"view": "detail"},
        ),
        (
            "screening.viewed",
            staff_member.id,
            reference,
            "127.0.0.1",
            {"view": "summary"},
        ),
        (
            "screening.decided",
            staff_member.id,
            reference,
            "127.0.0.1",
            {"decision": "declined"},
        ),
        (
            "export",
            admin_member.id,
            None,
            "127.0.0.1",
            {"outcome": "needs_review", "rows": 1},
        ),
    ]
    assert "Secret clinical note" not in json.dumps(entries(app))
    assert "Grace" not in json.dumps(entries(app))


def test_an_invalid_decision_still_audits_the_page_it_shows(
    app, staff_client, screening_factory
):
    reference = screening_factory()
    staff_client.post(f"/staff/screenings/{reference}/decisions", data={})
    assert [entry[0] for entry in entries(app)][-1] == "screening.viewed"


def test_audit_entries_cannot_be_changed_or_deleted(app, staff_member):
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEvent))
        entry.event = "something.else"
        with pytest.raises(AuditLogError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(db.select(AuditEvent)))
        with pytest.raises(AuditLogError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET event = 'forged'"))
        db.session.rollback()
    assert entries(app)[0][0] == "staff.created"


def audit_rows(response):
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return re.findall(r'<li class="audit-entry" data-event="([^"]+)">', page)


def test_admins_filter_the_audit_log_by_staff_member_and_by_screening(
    app, staff_client, admin_client, staff_member, screening_factory
):
    first, second = screening_factory(), screening_factory()
    staff_client.get(f"/staff/screenings/{first}")
    staff_client.get(f"/staff/screenings/{second}")
    everything = audit_rows(admin_client.get("/staff/audit"))
    assert everything[0] == "screening.viewed"
    mine = audit_rows(admin_client.get(f"/staff/audit?staff={staff_member.id}"))
    assert mine == [
        "screening.viewed",
        "screening.viewed",
        "login.success",
        "staff.created",
    ]
    page = admin_client.get(f"/staff/audit?screening={first.lower()}")
    assert audit_rows(page) == ["screening.viewed"]
    assert first in page.get_data(as_text=True)
    assert second not in page.get_data(as_text=True)


def test_the_audit_log_pages_by_id(
    admin_client, staff_client, screening_factory, monkeypatch
):
    monkeypatch.setattr("screening.staff.admin_pages.AUDIT_PAGE_SIZE", 2)
    reference = screening_factory()
    for _ in range(3):
        staff_client.get(f"/staff/screenings/{reference}")
    url = f"/staff/audit?screening={reference}"
    seen = [row for page in pages(admin_client, url) for row in audit_rows(page)]
    assert seen == ["screening.viewed"] * 3


def test_a_malformed_audit_filter_is_refused(admin_client):
    assert admin_client.get("/staff/audit?staff=one").status_code == 400
    assert admin_client.get("/staff/audit?before=-5").status_code == 400
