"""Reading one screening and recording decisions on it."""

from __future__ import annotations

import re

from support.records import stored_screening

from screening.infra.extensions import db
from screening.models import Decision, Screening
from screening.rules import default_ruleset


def stored(app, reference):
    with app.app_context():
        screening = db.session.scalar(
            db.select(Screening).filter_by(reference=reference)
        )
        return (
            screening.review_status,
            screening.latest_decision,
            [(d.kind, d.note, d.staff_id) for d in screening.decisions],
        )


def test_the_detail_shows_answers_age_outcome_trace_and_contact(
    staff_client, screening_factory
):
    reference = screening_factory(
        phone="01632 960 001", visit_date=None, treatment_areas=["thighs", "hips"]
    )
    html = staff_client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    assert f"Screening {reference}" in html
    assert "Needs review" in html
    for text in (
        "Grace Stored",
        "grace@example.com",
        "01632 960 001",
        "1 June 1985",
        "41 on 26 November 2026 (the day of screening)",
        "ibuprofen",
        "Thighs, Hips",
        "2026.11.1",
        "Takes medication or supplements: see the list given.",
        "What are the Side Effects of Mesotherapy?",
        "privacy notice 2026-11-26",
    ):
        assert text in html, text
    trace = re.search(r'<tr data-rule="takes-medication"[^>]*>(.*?)</tr>', html)[1]
    assert (
        '<a class="link" href="#fired-takes-medication">takes-medication</a>' in trace
    )
    assert ">Needs review<" in trace
    answers = dict(
        re.findall(
            r'data-answer="(\w+)"[^>]*>\s*<dt>(?:<span[^>]*></span>)*[^<]+</dt>\s*'
            r"<dd>(\w+)",
            html,
        )
    )
    assert answers == {
        "date_of_birth": "1",
        "visit_date": "Not",
        "pregnant": "No",
        "good_health": "Yes",
        "cancer_history": "No",
        "heart_arrhythmia": "No",
        "blood_clots": "No",
        "takes_medication": "Yes",
        # Stored before the question was asked; the details it would call
        # for, and the other area, were never asked and have no row.
        "allergies": "Not",
        "treatment_areas": "Thighs",
    }


def trace_rows(html: str) -> dict[str, str]:
    """Return each trace row's rule id and its cells' text, tags removed."""
    rows = re.findall(r'<tr data-rule="([a-z-]+)"[^>]*>(.*?)</tr>', html)
    return {rule: re.sub(r"<[^>]+>", "|", cells) for rule, cells in rows}


def test_the_detail_shows_every_rule_evaluated_with_its_test_and_parameters(
    app, staff_client
):
    with app.test_request_context():
        reference = stored_screening(takes_medication=True, medications="x").reference

    html = staff_client.get(f"/staff/screenings/{reference}").text

    rows = trace_rows(html)
    assert list(rows) == [rule.id for rule in default_ruleset().rules]
    assert "|No|" in rows["age-below-minimum"]
    assert "age less than minimum_age (18)" in rows["age-below-minimum"]
    assert "|Yes|" in rows["takes-medication"]
    assert "see the list given" in rows["takes-medication"]
    summary = staff_client.get(f"/staff/screenings/{reference}/summary").text
    assert list(trace_rows(summary)) == ["takes-medication"]


def test_an_old_trace_of_fired_rules_only_still_reads(staff_client, screening_factory):
    reference = screening_factory()

    html = staff_client.get(f"/staff/screenings/{reference}").text

    rows = trace_rows(html)
    assert list(rows) == ["takes-medication"]
    assert "|Yes|" in rows["takes-medication"] and "Not recorded" in html


def test_the_detail_names_the_visit_date_as_the_as_of_date_when_given(
    staff_client, screening_factory
):
    from datetime import date

    reference = screening_factory(
        visit_date=date(2027, 1, 5), as_of_date=date(2027, 1, 5)
    )
    html = staff_client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    assert "on 5 January 2027 (the planned visit date)" in html


def test_an_unknown_reference_is_not_found(staff_client):
    assert staff_client.get("/staff/screenings/MS-AAAAA-22222").status_code == 404


def test_a_decision_is_recorded_with_who_and_when_and_shown_in_history(
    app, staff_client, staff_member, screening_factory, clock
):
    reference = screening_factory()
    response = staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "needs_more_information", "note": "Ask which dose."},
    )
    assert response.status_code == 303
    assert response.location == f"/staff/screenings/{reference}#decisions"
    clock.advance(minutes=5)
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "approved_for_consultation", "note": "Dose is fine."},
    )
    assert stored(app, reference) == (
        "decided",
        "approved_for_consultation",
        [
            ("needs_more_information", "Ask which dose.", staff_member.id),
            ("approved_for_consultation", "Dose is fine.", staff_member.id),
        ],
    )
    html = staff_client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    rows = re.findall(
        r'<tr data-decision="(\w+)"><td>([^<]+)</td><td>([^<]+)</td>', html
    )
    assert rows == [
        ("approved_for_consultation", "26 Nov 2026 09:05", staff_member.email),
        ("needs_more_information", "26 Nov 2026 09:00", staff_member.email),
    ]
    queue = staff_client.get("/staff/screenings?status=decided").get_data(as_text=True)
    assert "Decided: Approved for consultation" in queue


def test_decisions_show_in_the_clinic_time_zone(
    make_app, login, staff_member, screening_factory, clock
):
    app = make_app(CLINIC_TIMEZONE="Europe/Paris")
    client = app.test_client()
    login(client, staff_member)
    reference = screening_factory()
    client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Not suitable."},
    )
    html = client.get(f"/staff/screenings/{reference}").get_data(as_text=True)
    assert "26 Nov 2026 10:00" in html


def test_a_decision_needs_a_known_kind_and_a_note(app, staff_client, screening_factory):
    reference = screening_factory()
    for data in (
        {"note": "No kind."},
        {"kind": "maybe", "note": "Unknown kind."},
        {"kind": "declined", "note": "   "},
        {"kind": "declined", "note": "x" * 2001},
    ):
        response = staff_client.post(
            f"/staff/screenings/{reference}/decisions", data=data
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<title>Error: Screening" in html
        assert 'class="error-summary"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Decision)) == 0
    assert stored(app, reference)[:2] == ("new", None)


def test_the_printable_summary_has_the_details_and_the_print_stylesheet(
    staff_client, screening_factory
):
    reference = screening_factory()
    staff_client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "declined", "note": "Not suitable."},
    )
    response = staff_client.get(f"/staff/screenings/{reference}/summary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/static/print.css" media="print"' in html
    assert 'class="page--summary"' in html
    for text in (
        "Grace Stored",
        "ibuprofen",
        "takes-medication",
        "Declined",
        "Not suitable.",
    ):
        assert text in html
