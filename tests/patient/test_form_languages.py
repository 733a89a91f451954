"""The screening form in Spanish: the catalogue's words and every error message.

The questions, hints and choices come from the catalogue in English and
are shown in the reader's language; the messages of the catalogue's own
validator, of the date field and of the contact fields too. The English
form is unchanged beside it.
"""

from __future__ import annotations

from datetime import date

import pytest
from support.form_pages import field_error
from support.languages import spanish

from screening.rules import CATALOGUE

QUESTIONS = tuple(CATALOGUE)


@pytest.fixture
def in_spanish(client):
    """Return the client with Spanish chosen (the language link's cookie)."""
    client.set_cookie("language", "es")
    return client


def words_of(page) -> str:
    return page.get_text(" ", strip=True)


def test_every_question_hint_and_choice_is_shown_in_spanish(in_spanish, page):
    form = page(in_spanish.get("/screening"))

    for question in QUESTIONS:
        first = (f"#{question.id}{end}" for end in ("", "-day", "-0"))
        field = form.select_one(", ".join(first))
        group = field.find_parent(class_="form-group")
        label = group.select_one("legend, label").get_text(strip=True)
        assert label == spanish(question.label)
        if question.hint:
            hint = group.select_one(f"#{question.id}-hint").get_text(strip=True)
            assert hint == spanish(question.hint)
        for index, choice in enumerate(question.choices):
            shown = group.select_one(f"label[for={question.id}-{index}]")
            assert shown.get_text(strip=True) == spanish(choice.label)


def test_the_contact_fields_and_consent_are_in_spanish(in_spanish, page):
    form = page(in_spanish.get("/screening"))

    def label_of(field_id):
        return form.select_one(f"label[for={field_id}]").get_text(strip=True)

    assert label_of("full_name") == spanish("Full name") == "Nombre completo"
    assert label_of("email") == spanish("Email address")
    assert label_of("phone") == spanish("Phone number (optional)")
    assert label_of("consent") == spanish(
        "I agree that the clinic stores my answers to review my screening"
    )
    assert form.select_one("#email-hint").get_text(strip=True) == spanish(
        "The clinic uses this to contact you about your screening."
    )
    assert form.select_one("#phone-hint").get_text(strip=True).startswith("Por ejemplo")


def test_the_english_form_stays_english_beside_the_spanish_one(app, in_spanish, page):
    spanish_form = words_of(page(in_spanish.get("/screening")))
    english_form = words_of(page(app.test_client().get("/screening")))

    for question in QUESTIONS:
        assert question.label in english_form
        assert spanish(question.label) in spanish_form
    assert "Are you pregnant, or could you be?" not in spanish_form
    assert "¿Está embarazada o podría estarlo?" not in english_form


def test_the_validators_messages_are_shown_in_spanish(in_spanish, answers, page):
    data = answers | {
        "date_of_birth-day": "",
        "date_of_birth-month": "",
        "date_of_birth-year": "",
        "pregnant": "",
        "allergies": "no",
        "allergy_details": "Penicilina",
        "takes_medication": "yes",
        "medications": "x" * 1001,
    }

    response = in_spanish.post("/screening", data=data)

    assert response.status_code == 200
    form = page(response)
    assert field_error(form, "date_of_birth") == "Escriba su fecha de nacimiento"
    assert field_error(form, "pregnant") == spanish(CATALOGUE["pregnant"].missing)
    assert field_error(form, "allergy_details") == spanish(
        CATALOGUE["allergy_details"].unasked
    )
    assert field_error(form, "medications") == (
        "Lista de medicamentos debe tener 1000 caracteres o menos"
    )


@pytest.mark.parametrize(
    ("parts", "english"),
    [
        (("", "3", "1990"), "%(name)s must include a day"),
        (("14", "", ""), "%(name)s must include a month and a year"),
        (("14", "3", "90"), "%(name)s must include a 4-digit year"),
        (("14", "tres", "1990"), "%(name)s must be a real date, written in numbers"),
        (("30", "2", "1990"), "%(name)s must be a real date"),
    ],
    ids=["day missing", "month and year missing", "short year", "words", "no such day"],
)
def test_a_date_that_cannot_be_read_says_why_in_spanish(
    in_spanish, answers, page, parts, english
):
    day, month, year = parts
    data = answers | {
        "date_of_birth-day": day,
        "date_of_birth-month": month,
        "date_of_birth-year": year,
    }

    form = page(in_spanish.post("/screening", data=data))

    assert field_error(form, "date_of_birth") == spanish(
        english, name=spanish("Date of birth")
    )


def test_a_date_out_of_bounds_gives_the_bound_as_spanish_writes_dates(
    in_spanish, answers, born, visiting, page, today
):
    data = answers | born(date(1899, 12, 31))
    data |= visiting(date(2026, 6, 1))

    form = page(in_spanish.post("/screening", data=data))

    assert field_error(form, "date_of_birth") == (
        "La fecha de nacimiento debe ser posterior al 1 de enero de 1900"
    )
    assert field_error(form, "visit_date") == spanish(
        "Visit date must be today or in the future"
    )


def test_the_contact_fields_messages_are_shown_in_spanish(in_spanish, answers, page):
    data = answers | {
        "full_name": "A" * 201,
        "email": "ada at example",
        "phone": "call me",
        "consent": "",
    }

    form = page(in_spanish.post("/screening", data=data))

    assert field_error(form, "full_name") == (
        "Nombre completo debe tener 200 caracteres o menos"
    )
    assert field_error(form, "email") == spanish(
        "Enter an email address in the correct format, like name@example.com"
    )
    assert field_error(form, "phone").startswith("Escriba un número de teléfono")
    assert field_error(form, "consent") == spanish(
        "Tick the box to agree to the clinic storing your answers"
    )


def test_a_missing_name_and_email_are_asked_for_in_spanish(in_spanish, answers, page):
    form = page(
        in_spanish.post("/screening", data=answers | {"full_name": "", "email": ""})
    )

    assert field_error(form, "full_name") == spanish("Enter your full name")
    assert field_error(form, "email") == spanish("Enter your email address")


def test_english_errors_are_unchanged(client, answers, page):
    data = answers | {"takes_medication": "yes", "medications": "x" * 1001}

    form = page(client.post("/screening", data=data))

    assert field_error(form, "medications") == (
        "Medication list must be 1000 characters or fewer"
    )
