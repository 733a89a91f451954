"""The screening form, built from the question catalogue.

WTForms reads what was typed (three date inputs, radio buttons, ticked
boxes); the catalogue's own validator, the one the API uses too, decides
whether the answers are well formed. The rules decide eligibility.

The form speaks the reader's language: one form class per catalogue and
language, its labels, hints and choices translated when the class is made,
and the validator's messages translated when they are attached to a field.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from ..fields import FREE_TEXT, MemorableDateField, at_most, email_address
from ..infra.languages import current_language, translated
from ..infra.phones import examples, is_phone_number
from ..rules import Catalogue, Invalid, Kind, Question
from ..rules.text import N_
from ..rules.validation import check
from ..services.store import Submission, current_catalogue

YES_NO_VALUES = {"yes": True, "no": False}


class Marks:
    """Give the markup a question's ``required`` and ``maxlength`` flags.

    It checks nothing: the catalogue's validator does, for both doors.
    """

    def __init__(self, question: Question) -> None:
        self.field_flags = {}
        if question.required is True:
            self.field_flags["required"] = True
        if question.max_length is not None:
            self.field_flags["maxlength"] = question.max_length

    def __call__(self, form, field) -> None:
        return None


def field_for(question: Question) -> Field:
    """Return the WTForms field that asks ``question``, in the reader's language."""
    label = translated(question.label)
    shown = {"description": translated(question.hint), "validators": [Marks(question)]}
    choices = [
        SelectChoice(choice.value, translated(choice.label))
        for choice in question.choices
    ]
    if question.kind is Kind.DATE:
        error_name = translated(question.error_name) or None
        return MemorableDateField(label, error_name=error_name, **shown)
    if question.kind in (Kind.YES_NO, Kind.CHOICE):
        return RadioField(label, choices=choices, validate_choice=False, **shown)
    if question.kind is Kind.MULTI_CHOICE:
        return SelectMultipleField(
            label, choices=choices, validate_choice=False, **shown
        )
    return TextAreaField(label, filters=FREE_TEXT, **shown)


def answer_in(question: Question, field: Field) -> Any:
    """Return what the patient answered, as the catalogue's validator reads it."""
    if question.kind is Kind.YES_NO:
        return YES_NO_VALUES.get(field.data)
    if question.kind is Kind.MULTI_CHOICE:
        return list(field.data or [])
    return field.data


def clinic_country() -> str | None:
    """Return the country whose phone numbers the clinic expects."""
    return current_app.config["CLINIC_COUNTRY"]


def clinic_country_phone(form, field) -> None:
    """Refuse a phone number not written as the clinic's country writes them."""
    if not is_phone_number(field.data, clinic_country()):
        raise ValidationError(
            gettext(
                "Enter a phone number, like %(example)s",
                example=examples(clinic_country()),
            )
        )


def contact_fields() -> dict[str, Field]:
    """Return the fields for the patient's name, email address and phone number.

    Made in the reader's language (``form_class`` sets it).
    """
    return {
        "full_name": StringField(
            gettext("Full name"),
            filters=FREE_TEXT,
            validators=[
                DataRequired(gettext("Enter your full name")),
                at_most(200, N_("Full name")),
            ],
        ),
        "email": email_address(
            Email(
                gettext(
                    "Enter an email address in the correct format, "
                    "like name@example.com"
                ),
                check_deliverability=False,
            ),
            description=gettext(
                "The clinic uses this to contact you about your screening."
            ),
        ),
        # The patient's choice, not a screening question: the email holds
        # only the reference and the link.
        "email_result": BooleanField(
            gettext("Email me a link to my result"),
            description=gettext(
                "The email holds only your reference and the link, never your answers."
            ),
        ),
        "phone": TelField(
            gettext("Phone number (optional)"),
            filters=FREE_TEXT,
            validators=[
                Optional(),
                at_most(40, N_("Phone number")),
                clinic_country_phone,
            ],
        ),
    }


def agreement_fields() -> dict[str, Field]:
    """Return the consent box and the form's one-time nonce."""
    return {
        "consent": BooleanField(
            gettext("I agree that the clinic stores my answers to review my screening"),
            validators=[
                DataRequired(
                    gettext("Tick the box to agree to the clinic storing your answers")
                )
            ],
        ),
        "nonce": HiddenField(),
    }


class CatalogueForm(FlaskForm):
    """Contact details, the catalogue's questions and consent, in that order."""

    catalogue: Catalogue

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.answers: dict[str, Any] = {}

    def validate(self, extra_validators=None) -> bool:
        """Validate the contact details, then the answers by the catalogue."""
        valid = super().validate(extra_validators)
        given = {q.id: answer_in(q, self[q.id]) for q in self.catalogue}
        try:
            self.answers = check(given, self.today, self.catalogue)
        except Invalid as invalid:
            for name, messages in invalid.errors.items():
                # A date that could not be read already says why.
                if not self[name].errors:
                    self[name].errors = [translated(m) for m in messages]
            return False
        return valid


@cache
def form_class(catalogue: Catalogue, language: str) -> type[CatalogueForm]:
    """Return the form that asks ``catalogue`` in ``language`` (one class for each)."""
    with force_locale(language):
        fields = {
            **contact_fields(),
            **{question.id: field_for(question) for question in catalogue},
            **agreement_fields(),
        }
    return type("ScreeningForm", (CatalogueForm,), {"catalogue": catalogue, **fields})


def new_screening_form(today: date) -> CatalogueForm:
    """Return this application's screening form, read from the request if sent."""
    form = form_class(current_catalogue(), current_language())(today=today)
    form.phone.description = gettext(
        "For example %(example)s.", example=examples(clinic_country())
    )
    return form


def submission_from(form: CatalogueForm) -> tuple[Submission, dict]:
    """Split a valid form into the checked answers and the contact details."""
    details = {
        "full_name": form.full_name.data,
        "email": form.email.data,
        "phone": form.phone.data or None,
        "email_result": bool(form.email_result.data),
    }
    return Submission(form.answers), details
