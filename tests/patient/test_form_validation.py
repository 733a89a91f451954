"""The screening form: every validation message, and everything kept after an error."""

from __future__ import annotations

import pytest
from support.form_pages import (
    RADIO_QUESTIONS,
    error_summary,
    field_error,
)

# Each validation message

TOO_LONG_EMAIL = "a" * 250 + "@example.com"
ERRORS = {
    "name missing": ({"full_name": ""}, "full_name", "Enter your full name"),
    "name only spaces": ({"full_name": "   "}, "full_name", "Enter your full name"),
    "name too long": (
        {"full_name": "A" * 201},
        "full_name",
        "Full name must be 200 characters or fewer",
    ),
    "email missing": ({"email": ""}, "email", "Enter your email address"),
    "email invalid": (
        {"email": "ada at example"},
        "email",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "email too long": (
        {"email": TOO_LONG_EMAIL},
        "email",
        "Email address must be 254 characters or fewer",
    ),
    "phone with letters": (
        {"phone": "call me"},
        "phone",
        "Enter a phone number, like +44 7700 900 982",
    ),
    "phone too long": (
        {"phone": "0" * 41},
        "phone",
        "Phone number must be 40 characters or fewer",
    ),
    "date of birth missing": (
        {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
        "date_of_birth-day",
        "Enter your date of birth",
    ),
    "day missing": (
        {"date_of_birth-day": ""},
        "date_of_birth-day",
        "Date of birth must include a day",
    ),
    "month and year missing": (
        {"date_of_birth-month": "", "date_of_birth-year": ""},
        "date_of_birth-month",
        "Date of birth must include a month and a year",
    ),
    "year missing": (
        {"date_of_birth-year": ""},
        "date_of_birth-year",
        "Date of birth must include a year",
    ),
    "day not a number": (
        {"date_of_birth-day": "first"},
        "date_of_birth-day",
        "Date of birth must be a real date, written in numbers",
    ),
    "superscript digit": (
        {"date_of_birth-day": "²"},
        "date_of_birth-day",
        "Date of birth must be a real date, written in numbers",
    ),
    "30 February": (
        {"date_of_birth-day": "30", "date_of_birth-month": "2"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "29 February in a year without one": (
        {
            "date_of_birth-day": "29",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1991",
        },
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "month 13": (
        {"date_of_birth-month": "13"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "day 0": (
        {"date_of_birth-day": "0"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "day with ten digits": (
        {"date_of_birth-day": "9999999999"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "year with 2 digits": (
        {"date_of_birth-year": "90"},
        "date_of_birth-day",
        "Date of birth must include a 4-digit year",
    ),
    "year with 5 digits": (
        {"date_of_birth-year": "19900"},
        "date_of_birth-day",
        "Date of birth must include a 4-digit year",
    ),
    "birth date in the future": (
        {"date_of_birth-day": "16", "date_of_birth-month": "6"}
        | {"date_of_birth-year": "2026"},
        "date_of_birth-day",
        "Date of birth must be in the past",
    ),
    "birth date before 1900": (
        {"date_of_birth-day": "31", "date_of_birth-month": "12"}
        | {"date_of_birth-year": "1899"},
        "date_of_birth-day",
        "Date of birth must be after 1 January 1900",
    ),
    "visit date in the past": (
        {"visit_date-day": "14", "visit_date-month": "6", "visit_date-year": "2026"},
        "visit_date-day",
        "Visit date must be today or in the future",
    ),
    "visit date more than 2 years ahead": (
        {"visit_date-day": "17", "visit_date-month": "6", "visit_date-year": "2028"},
        "visit_date-day",
        "Visit date must be within the next 2 years",
    ),
    "visit date without a year": (
        {"visit_date-day": "1", "visit_date-month": "7"},
        "visit_date-year",
        "Planned visit date must include a year",
    ),
    "visit date not a real date": (
        {"visit_date-day": "31", "visit_date-month": "6", "visit_date-year": "2026"},
        "visit_date-day",
        "Planned visit date must be a real date",
    ),
    "pregnancy not answered": (
        {"pregnant": ""},
        "pregnant-0",
        "Select whether you are pregnant or could be",
    ),
    "pregnancy answered with something else": (
        {"pregnant": "maybe"},
        "pregnant-0",
        "Select whether you are pregnant or could be",
    ),
    "good health not answered": (
        {"good_health": ""},
        "good_health-0",
        "Select whether you are in good general health",
    ),
    "cancer not answered": (
        {"cancer_history": ""},
        "cancer_history-0",
        "Select whether you have ever had cancer",
    ),
    "arrhythmia not answered": (
        {"heart_arrhythmia": ""},
        "heart_arrhythmia-0",
        "Select whether you have ever been told you have an irregular heartbeat",
    ),
    "blood clots answered with something else": (
        {"blood_clots": "true"},
        "blood_clots-0",
        "Select whether you have ever had a blood clot",
    ),
    "medication not answered": (
        {"takes_medication": ""},
        "takes_medication-0",
        "Select whether you take any medication",
    ),
    "medication taken but not listed": (
        {"takes_medication": "yes", "medications": "  "},
        "medications",
        "Enter the medication and supplements you take",
    ),
    "medication list over 1000 characters": (
        {"takes_medication": "yes", "medications": "x" * 1001},
        "medications",
        "Medication list must be 1000 characters or fewer",
    ),
    "unknown treatment area": (
        {"treatment_areas": ["thighs", "face"]},
        "treatment_areas-0",
        "Select treatment areas from the list",
    ),
    "consent missing": (
        {"consent": ""},
        "consent",
        "Tick the box to agree to the clinic storing your answers",
    ),
}


@pytest.mark.parametrize(
    ("changes", "anchor", "message"), ERRORS.values(), ids=ERRORS.keys()
)
def test_each_error_is_summarised_linked_and_shown_beside_its_field(
    submit, answers, page, stored, today, changes, anchor, message
):
    response = submit(answers, **changes)

    form = page(response)
    assert response.status_code == 200
    assert form.title.get_text().startswith("Error: ")
    assert error_summary(form) == {f"#{anchor}": message}
    field_name = anchor.split("-")[0]
    assert field_error(form, field_name) == message
    assert form.select_one(f"#{anchor}") is not None
    assert stored() == []


def test_several_errors_are_summarised_in_the_order_of_the_form(submit, answers, page):
    response = submit(answers, full_name="", pregnant="", consent="")

    assert list(error_summary(page(response))) == [
        "#full_name",
        "#pregnant-0",
        "#consent",
    ]


def test_a_field_in_error_describes_its_error(submit, answers, page):
    form = page(submit(answers, email="nope"))

    assert form.select_one("#email")["aria-describedby"] == "email-hint email-error"
    assert "input--error" in form.select_one("#email")["class"]


@pytest.mark.parametrize(
    "changes",
    [
        {"visit_date-day": "15", "visit_date-month": "6", "visit_date-year": "2026"},
        {"visit_date-day": "16", "visit_date-month": "6", "visit_date-year": "2028"},
        {"date_of_birth-day": "1", "date_of_birth-month": "1"}
        | {"date_of_birth-year": "1900"},
        {"date_of_birth-day": "01", "date_of_birth-month": "02"},
        {"phone": "+44 (0)20 7946-0958"},
    ],
    ids=[
        "visit today",
        "visit exactly 2 years ahead",
        "born 1 January 1900",
        "leading zeros",
        "international phone",
    ],
)
def test_edge_answers_that_are_accepted(submit, answers, today, changes):
    assert submit(answers, **changes).status_code == 303


# Everything entered is kept after an error


def test_everything_entered_is_kept_after_an_error(submit, answers, page, today):
    entered = answers | {
        "full_name": "Ada <Example>",
        "phone": "01632 960 001",
        "visit_date-day": "3",
        "visit_date-month": "9",
        "visit_date-year": "2026",
        "pregnant": "unsure",
        "good_health": "no",
        "takes_medication": "yes",
        "medications": 'Ibuprofen 200mg\n<script>alert("x")</script>',
        "treatment_areas": ["thighs", "arms"],
    }

    form = page(submit(entered, email="not an email"))

    assert form.select_one("#full_name")["value"] == "Ada <Example>"
    assert form.select_one("#email")["value"] == "not an email"
    assert form.select_one("#phone")["value"] == "01632 960 001"
    assert form.select_one("#medications").get_text().strip() == (
        'Ibuprofen 200mg\n<script>alert("x")</script>'
    )
    for name in ("date_of_birth", "visit_date"):
        for part in ("day", "month", "year"):
            key = f"{name}-{part}"
            assert form.select_one(f"#{key}")["value"] == entered[key]
    for name in RADIO_QUESTIONS:
        checked = form.select(f'input[name="{name}"][checked]')
        assert [radio["value"] for radio in checked] == [entered[name]]
    ticked = form.select('input[name="treatment_areas"][checked]')
    assert [box["value"] for box in ticked] == ["thighs", "arms"]
    assert form.select_one("#consent").has_attr("checked")


def test_a_date_that_is_not_real_is_shown_as_typed(submit, answers, page):
    form = page(
        submit(answers, **{"date_of_birth-day": "31", "date_of_birth-month": "2"})
    )

    assert form.select_one("#date_of_birth-day")["value"] == "31"
    assert form.select_one("#date_of_birth-month")["value"] == "2"
    assert form.select_one("#date_of_birth-year")["value"] == "1990"


def test_the_nonce_survives_an_error(client, answers, page):
    first = page(client.get("/screening"))
    nonce = first.select_one('input[name="nonce"]')["value"]

    again = page(
        client.post("/screening", data=answers | {"nonce": nonce, "email": ""})
    )

    assert again.select_one('input[name="nonce"]')["value"] == nonce
