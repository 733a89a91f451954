"""The planned visit as a calendar file, read back with the icalendar library."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

CLINIC = {
    "CLINIC_NAME": "Riverside Clinic",
    "CLINIC_PHONE": "+44 1632 960001",
    "CLINIC_ADDRESS": "1 Harbour Street, Riverside",
}


def test_the_visit_is_an_all_day_event_with_the_clinic_and_the_reminders(
    make_app, answers, visiting, today, page
):
    client = make_app(**CLINIC, CLINIC_CAFFEINE_REMINDER_HOURS=12).test_client()
    visit = today + timedelta(days=20)
    token = client.post(
        "/screening", data={**answers, **visiting(visit)}
    ).location.rsplit("/", 1)[1]
    for view in ("", "/checklist"):
        link = page(client.get(f"/screening/{token}{view}")).select_one(
            'a[href$="/visit.ics"]'
        )
        assert link["href"] == f"/screening/{token}/visit.ics"
    response = client.get(f"/screening/{token}/visit.ics")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event.decoded("dtstart") == visit
    assert event.decoded("dtend") == visit + timedelta(days=1)
    assert "Riverside Clinic" in event["summary"]
    assert "1 Harbour Street" in event["location"]
    assert "+44 1632 960001" in event["description"]
    assert "Ada" not in response.get_data(as_text=True)
    reminders = {
        alarm.decoded("trigger"): str(alarm["description"])
        for alarm in event.walk("VALARM")
    }
    assert "caffeine" in reminders[timedelta(hours=-12)]
    assert "make-up" in reminders[timedelta(hours=7)]


def test_without_a_visit_date_there_is_no_calendar(client, screen, answers, page):
    token = screen(answers)
    assert client.get(f"/screening/{token}/visit.ics").status_code == 404
    assert not page(client.get(f"/screening/{token}")).select('a[href$=".ics"]')


def test_an_unknown_token_has_no_calendar(client):
    assert client.get("/screening/not-a-token/visit.ics").status_code == 404


def test_the_caffeine_reminder_defaults_to_a_day_before(
    make_app, answers, visiting, today
):
    client = make_app().test_client()
    visit = date(today.year + 1, 1, 5)
    token = client.post(
        "/screening", data={**answers, **visiting(visit)}
    ).location.rsplit("/", 1)[1]
    [event] = Calendar.from_ical(client.get(f"/screening/{token}/visit.ics").data).walk(
        "VEVENT"
    )
    triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
    assert triggers == [timedelta(hours=-24), timedelta(hours=7)]
