"""Odd dates are refused with a message, by the form and by the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support.answers import API_BODY
from support.records import count_screenings

# Dates relative to the clinic's today, resolved in the test (``today`` fixture).
TOMORROW = timedelta(days=1)
YESTERDAY = timedelta(days=-1)
FAR_AHEAD = timedelta(days=3 * 366)


def parts(value: date) -> tuple[str, str, str]:
    return str(value.day), str(value.month), str(value.year)


FORM_CASES = {
    "0000-00-00": ("date_of_birth", ("0", "0", "0000"), "must be a real date"),
    "30 February": ("date_of_birth", ("30", "2", "2001"), "must be a real date"),
    "month 13": ("date_of_birth", ("1", "13", "2001"), "must be a real date"),
    "two-digit year": ("date_of_birth", ("1", "1", "01"), "4-digit year"),
    "letters": ("date_of_birth", ("one", "1", "2001"), "written in numbers"),
    "missing year": ("date_of_birth", ("1", "1", ""), "must include a year"),
    "birth in the future": (
        "date_of_birth",
        TOMORROW,
        "Date of birth must be in the past",
    ),
    "birth before 1900": (
        "date_of_birth",
        ("31", "12", "1899"),
        "Date of birth must be after 1 January 1900",
    ),
    "visit in the past": (
        "visit_date",
        YESTERDAY,
        "Visit date must be today or in the future",
    ),
    "visit years ahead": (
        "visit_date",
        FAR_AHEAD,
        "Visit date must be within the next 2 years",
    ),
}


@pytest.mark.parametrize("case", FORM_CASES)
def test_the_form_refuses_odd_dates_with_a_message(app, submit, answers, today, case):
    field, value, message = FORM_CASES[case]
    day, month, year = parts(today + value) if isinstance(value, timedelta) else value
    changes = {f"{field}-day": day, f"{field}-month": month, f"{field}-year": year}
    response = submit(answers, **changes)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page
    assert message in page
    assert f'href="#{field}-' in page
    assert count_screenings(app) == 0


API_CASES = {
    "0000-00-00": ("date_of_birth", "0000-00-00", "real date"),
    "30 February": ("date_of_birth", "2001-02-30", "real date"),
    "month 13": ("date_of_birth", "2001-13-01", "real date"),
    "not ISO": ("date_of_birth", "01/02/2001", "real date"),
    "a number": ("date_of_birth", 20010101, "real date"),
    "birth in the future": ("date_of_birth", TOMORROW, "in the past"),
    "birth before 1900": ("date_of_birth", "1899-12-31", "after 1 January 1900"),
    "visit in the past": ("visit_date", YESTERDAY, "today or in the"),
    "visit years ahead": ("visit_date", FAR_AHEAD, "within the next 2"),
}


@pytest.mark.parametrize("case", API_CASES)
def test_the_api_refuses_odd_dates_with_a_message(client, today, case):
    field, value, message = API_CASES[case]
    if isinstance(value, timedelta):
        value = (today + value).isoformat()
    response = client.post("/api/v1/eligibility", json={**API_BODY, field: value})
    assert response.status_code == 400
    assert message in response.get_json()["errors"][field][0]


def birth_date(day: str, month: str, year: str) -> dict[str, str]:
    return {
        "date_of_birth-day": day,
        "date_of_birth-month": month,
        "date_of_birth-year": year,
    }


def test_29_february_is_a_real_date_in_a_leap_year_only(submit, answers):
    assert submit(answers, **birth_date("29", "2", "2000")).status_code == 303
    common = submit(answers, **birth_date("29", "2", "2001"))
    assert "Date of birth must be a real date" in common.get_data(as_text=True)
