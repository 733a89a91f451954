"""Approving a not-eligible screening is an override: confirmed, explained, marked."""

from __future__ import annotations

from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import AuditEvent, Decision

REASON = "Letter from the GP: the pregnancy ended; cleared for treatment."


def approve(client, reference: str, note: str = REASON, **more):
    """Post an approval through the detail page's form."""
    return client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "approved_for_consultation", "note": note, **more},
    )


def stored_decisions(app) -> list[Decision]:
    with app.app_context():
        return list(db.session.scalars(select(Decision)))


def test_the_detail_of_a_not_eligible_screening_warns_before_approving(
    staff_client, screening_factory
):
    reference = screening_factory(outcome="not_eligible")
    page = staff_client.get(f"/staff/screenings/{reference}").text
    assert "data-override-warning" in page and 'name="confirm_override"' in page
    other = screening_factory()
    assert (
        'name="confirm_override"'
        not in staff_client.get(f"/staff/screenings/{other}").text
    )


def test_an_unconfirmed_override_is_refused_and_nothing_is_saved(
    app, staff_client, screening_factory
):
    reference = screening_factory(outcome="not_eligible")
    refused = approve(staff_client, reference)
    assert refused.status_code == 200
    assert "Confirm that you are overriding the rules" in refused.text
    assert "<title>Error:" in refused.text
    assert stored_decisions(app) == []


def test_an_override_needs_a_reason_of_some_length(
    app, staff_client, screening_factory
):
    reference = screening_factory(outcome="not_eligible")
    refused = approve(staff_client, reference, note="ok", confirm_override="y")
    assert "at least 20 characters" in refused.text
    assert stored_decisions(app) == []


def test_a_confirmed_override_is_recorded_and_marked_in_history_and_audit(
    app, staff_client, screening_factory
):
    reference = screening_factory(outcome="not_eligible")
    recorded = approve(staff_client, reference, confirm_override="y")
    assert recorded.status_code == 303
    page = staff_client.get(recorded.location).text
    assert "Decision recorded: Approved for consultation (override)." in page
    assert "<td>Approved for consultation (override)</td>" in page
    [decision] = stored_decisions(app)
    assert decision.override
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event == "screening.decided")
        )
        assert entry.detail == {
            "decision": "approved_for_consultation",
            "override": True,
        }
    audit_client_page = staff_client.get("/staff/audit")
    assert audit_client_page.status_code == 403


def test_declining_a_not_eligible_screening_needs_no_override(
    app, staff_client, screening_factory
):
    reference = screening_factory(outcome="not_eligible")
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "ok"},
    )
    assert response.status_code == 303
    assert [decision.override for decision in stored_decisions(app)] == [False]


def test_approving_a_referred_screening_is_no_override(
    app, staff_client, screening_factory
):
    assert approve(staff_client, screening_factory(), note="ok").status_code == 303
    assert [decision.override for decision in stored_decisions(app)] == [False]


def test_overrides_can_be_kept_for_admins(
    make_app, login, make_staff, screening_factory
):
    app = make_app(STAFF_OVERRIDE_ADMINS_ONLY=True)
    reference = screening_factory(outcome="not_eligible")
    nurse = app.test_client()
    assert login(nurse, make_staff("nurse@clinic.example")).status_code == 303
    refused = approve(nurse, reference, confirm_override="y")
    assert "Only an admin can approve" in refused.text
    assert stored_decisions(app) == []
    admin = app.test_client()
    assert (
        login(admin, make_staff("boss@clinic.example", admin=True)).status_code == 303
    )
    assert approve(admin, reference, confirm_override="y").status_code == 303
    assert [decision.override for decision in stored_decisions(app)] == [True]
