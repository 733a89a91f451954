"""The work queue: the screenings that need a person, oldest first, with reasons."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from support.records import stored_screening


def work_references(response) -> list[str]:
    """Return the references of the work queue's rows, in page order."""
    assert response.status_code == 200
    return re.findall(r'<li class="work-item" data-reference="([^"]+)">', response.text)


def decide(client, reference: str, kind: str, note: str = "Checked.") -> None:
    """Record a decision through the detail page's form."""
    response = client.post(
        f"/staff/screenings/{reference}/decisions", data={"kind": kind, "note": note}
    )
    assert response.status_code == 303


@pytest.fixture
def cases(screening_factory, clock):
    """Store screenings a day apart: three referred, one eligible, one not."""
    made = {}
    for days_ago, (name, outcome) in enumerate(
        (
            ("third", "needs_review"),
            ("excluded", "not_eligible"),
            ("second", "needs_review"),
            ("eligible", "eligible"),
            ("first", "needs_review"),
        )
    ):
        created_at = clock.now() - timedelta(days=days_ago)
        made[name] = screening_factory(outcome=outcome, created_at=created_at)
    return made


def test_the_home_page_lists_open_referrals_oldest_first(staff_client, cases):
    listed = work_references(staff_client.get("/staff/"))
    assert listed == [cases["first"], cases["second"], cases["third"]]


def test_a_final_decision_takes_a_case_off_the_queue(staff_client, cases):
    decide(staff_client, cases["second"], "declined")
    decide(staff_client, cases["third"], "approved_for_consultation")
    assert work_references(staff_client.get("/staff/")) == [cases["first"]]


def test_needs_more_information_keeps_a_case_on_the_queue_with_the_date_asked(
    staff_client, cases
):
    decide(staff_client, cases["first"], "needs_more_information")
    decide(staff_client, cases["excluded"], "needs_more_information")
    page = staff_client.get("/staff/")
    assert work_references(page) == [
        cases["first"],
        cases["second"],
        cases["excluded"],
        cases["third"],
    ]
    asked = re.findall(r"<dd data-more-information>([^<]+)</dd>", page.text)
    assert asked == ["More information asked 26 Nov 2026 09:00"] * 2
    assert "2 screenings need" not in page.text and "4 screenings need" in page.text
    decide(staff_client, cases["first"], "declined")
    assert cases["first"] not in work_references(staff_client.get("/staff/"))


def test_each_row_shows_reasons_age_visit_date_and_days_waiting(
    staff_client, screening_factory, clock
):
    reference = screening_factory(
        visit_date=date(2027, 1, 15), age=52, created_at=clock.now() - timedelta(days=3)
    )
    page = staff_client.get("/staff/").text
    row = re.search(rf'data-reference="{reference}">(.*?)</li>', page, re.S)[1]
    assert "Takes medication or supplements: see the list given." in row
    assert "<dt>Age</dt><dd>52</dd>" in row
    assert "15 Jan 2027" in row
    assert 'data-days-waiting="3">3 days<' in row
    assert f'href="/staff/screenings/{reference}"' in row


def test_days_waiting_count_the_clinics_calendar_days(
    make_app, login, make_staff, clock
):
    app = make_app(CLINIC_TIMEZONE="Pacific/Auckland")
    with app.test_request_context():
        reference = stored_screening(takes_medication=True, medications="x").reference
    # 09:00 UTC is 22:00 in Auckland; 11 hours later it is the next day there.
    clock.advance(hours=11)
    client = app.test_client()
    assert login(client, make_staff()).status_code == 303
    page = client.get("/staff/").text
    row = re.search(rf'data-reference="{reference}">(.*?)</li>', page, re.S)[1]
    assert 'data-days-waiting="1"' in row


def test_the_queue_pages_oldest_first_and_links_the_full_list(
    make_app, login, make_staff, screening_factory, clock
):
    app = make_app(STAFF_QUEUE_PAGE_SIZE=2)
    client = app.test_client()
    assert login(client, make_staff()).status_code == 303
    made = [
        screening_factory(created_at=clock.now() - timedelta(minutes=minutes))
        for minutes in (15, 10, 5)
    ]
    first = client.get("/staff/")
    assert work_references(first) == made[:2]
    assert 'href="/staff/screenings"' in first.text
    after = re.search(r'data-next-page href="/staff/\?after=([^"]+)"', first.text)[1]
    assert work_references(client.get(f"/staff/?after={after}")) == made[2:]
    assert client.get("/staff/?after=not-a-cursor").status_code == 400


def test_an_empty_queue_says_so(staff_client):
    page = staff_client.get("/staff/").text
    assert "Nothing is waiting for a decision." in page
    assert "0 screenings need a decision" in page
