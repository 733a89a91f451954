"""The dashboard's figures against a known set of screenings and decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from support.records import stored_screening

from screening.infra.extensions import db
from screening.models import DecisionKind, StaffMember, WeeklyTally
from screening.services.dashboard import percentile
from screening.services.review import record_decision

REFERRED = {"takes_medication": True, "medications": "ibuprofen"}
PREGNANT = {"pregnant": "yes"}
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the week the clock stands in


@pytest.fixture
def known(app, clock, staff_member):
    """Store screenings over three weeks, and decide some of them hours later."""
    with app.test_request_context():
        staff = db.session.get(StaffMember, staff_member.id)
        plan = [
            # (days before Monday 23 Nov 09:00, answers, decide after hours)
            (14, {}, None),
            (14, REFERRED, 2),
            (7, REFERRED, 4),
            (7, PREGNANT, 6),
            (7, {**PREGNANT, **REFERRED}, 8),
            (0, REFERRED, 10),
            (0, REFERRED, None),
        ]
        references = []
        for days, answers, hours in plan:
            clock.set(MONDAY - timedelta(days=days))
            screening = stored_screening(**answers)
            references.append(screening.reference)
            if hours is not None:
                clock.advance(hours=hours)
                kind = DecisionKind.DECLINED
                record_decision(db.session.merge(screening), staff, kind, "Checked.")
        # Another open case asked for more information, then left waiting.
        clock.set(MONDAY + timedelta(days=1))
        waiting = stored_screening(**REFERRED)
        record_decision(
            waiting, staff, DecisionKind.MORE_INFORMATION, "Asked for the GP letter."
        )
    clock.set(MONDAY + timedelta(days=3, hours=1))  # Thursday 26 Nov 10:00
    return references


def table(page: str, name: str) -> list[list[str]]:
    """Return the rows of one figures table, each as its cells' text."""
    body = re.search(rf'data-figures="{name}">(.*?)</table>', page, re.S)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in rows]


def test_screenings_per_week_by_outcome(known, login, app, staff_member):
    client = app.test_client()
    assert login(client, staff_member).status_code == 303
    page = client.get("/staff/dashboard").text
    weeks = table(page, "weeks")
    assert len(weeks) == 12
    assert weeks[-3:] == [
        ["9 Nov 2026", "1", "1", "0"],
        ["16 Nov 2026", "0", "1", "2"],
        ["23 Nov 2026", "0", "3", "0"],
    ]
    assert all(row[1:] == ["0", "0", "0"] for row in weeks[:-3])
    assert page.count("<svg") == 3


def test_the_rules_that_fired_most(known, login, app, staff_member):
    client = app.test_client()
    assert login(client, staff_member).status_code == 303
    page = client.get("/staff/dashboard").text
    assert table(page, "rules") == [["takes-medication", "6"], ["pregnant", "2"]]


def test_time_to_final_decision_median_and_90th_percentile(
    known, login, app, staff_member
):
    client = app.test_client()
    assert login(client, staff_member).status_code == 303
    page = client.get("/staff/dashboard").text
    # Final decisions after 2, 4, 6, 8 and 10 hours; "more information" is not final.
    assert re.search(r"<dd data-median>([^<]+)</dd>", page)[1] == "6.0 hours"
    assert re.search(r"<dd data-p90>([^<]+)</dd>", page)[1] == "10.0 hours"
    assert re.search(r"<dd data-sample>([^<]+)</dd>", page)[1] == "5"


def test_open_cases_by_how_long_they_have_waited(known, login, app, staff_member):
    client = app.test_client()
    assert login(client, staff_member).status_code == 303
    page = client.get("/staff/dashboard").text
    assert table(page, "open") == [
        ["Less than 1 day", "0"],
        ["1 to 2 days", "1"],
        ["3 to 6 days", "1"],
        ["1 to 2 weeks", "0"],
        ["2 weeks or more", "0"],
    ]


def test_every_member_of_staff_sees_the_dashboard(staff_client):
    page = staff_client.get("/staff/dashboard")
    assert page.status_code == 200
    assert "No final decisions yet" in page.text


def test_percentile_takes_the_nearest_rank():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert percentile(values, 0.5) == 5.0
    assert percentile(values, 0.9) == 9.0
    assert percentile([4.0], 0.9) == 4.0


def test_a_stored_screening_adds_one_to_its_outcome_and_rules_tallies(app, clock):
    with app.test_request_context():
        stored_screening(**REFERRED)
        rows = db.session.execute(
            select(WeeklyTally.tally, WeeklyTally.name, WeeklyTally.total)
        ).all()
    assert sorted(rows) == [
        ("outcome", "needs_review", 1),
        ("rule", "takes-medication", 1),
    ]
