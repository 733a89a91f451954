"""The one validator of answers, for the patient form and the API alike.

Each door first reads its own representation into Python values by kind
(the form's inputs, or JSON); from there ``check`` applies what the
catalogue says: required answers, conditional ones, choices, lengths and
date bounds. Validation says whether an answer is well formed; the rules
decide eligibility. Its messages are English, marked for translation (``N_``)
or made ``Message``s carrying their values, so each door says them in its
reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .catalogue import Catalogue, Kind, Question, When
from .parameters import EARLIEST_BIRTH_DATE, LONGEST_BOOKING_AHEAD
from .text import N_, Message

Values = dict[str, Any]
Errors = dict[str, list[str]]
# fromisoformat alone also takes week dates such as "2026-W01-1".
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def birth_date_problem(value: date, today: date) -> str | None:
    """Return why ``value`` cannot be a date of birth, or None."""
    if value > today:
        return N_("Date of birth must be in the past")
    if value < EARLIEST_BIRTH_DATE.value:
        earliest = EARLIEST_BIRTH_DATE.value
        return Message("Date of birth must be after {earliest}", earliest=earliest)
    return None


def visit_date_problem(value: date, today: date) -> str | None:
    """Return why ``value`` cannot be a planned visit date, or None."""
    if value < today:
        return N_("Visit date must be today or in the future")
    if (value - today).days > LONGEST_BOOKING_AHEAD.value:
        return N_("Visit date must be within the next 2 years")
    return None


DATE_BOUNDS: Mapping[str, Callable[[date, date], str | None]] = {
    "past": birth_date_problem,
    "coming": visit_date_problem,
}


def is_blank(value: Any) -> bool:
    """Return True for an answer not given (None, blank text, nothing ticked)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def is_asked(question: Question, values: Mapping[str, Any]) -> bool:
    """Return True unless the question depends on an answer not given."""
    condition = question.required
    if isinstance(condition, When):
        return condition.holds(values.get(condition.question))
    return True


def too_long(name: str, limit: int) -> Message:
    """Return "<name> must be <limit> characters or fewer", ready to translate."""
    return Message("{name} must be {limit} characters or fewer", name=name, limit=limit)


def problem_with(question: Question, value: Any, today: date) -> str | None:
    """Return what is wrong with one given answer, or None."""
    if question.kind is Kind.CHOICE and value not in question.choice_values:
        return question.wrong_choice or question.missing
    if question.kind is Kind.MULTI_CHOICE and not set(value) <= set(
        question.choice_values
    ):
        return question.wrong_choice or question.missing
    if question.max_length is not None and len(value) > question.max_length:
        return too_long(question.name_in_messages, question.max_length)
    if question.date_bounds:
        return DATE_BOUNDS[question.date_bounds](value, today)
    return None


def check(values: Mapping[str, Any], today: date, catalogue: Catalogue) -> Values:
    """Return the answers as kept, or raise Invalid naming every problem.

    An answer to a question that depends on another (the medication list)
    is refused when that other answer does not call for it: dropping it
    silently would lose what the patient meant to tell the clinic.
    """
    kept: Values = {}
    errors: Errors = {}
    for question in catalogue:
        value = values.get(question.id)
        if is_blank(value):
            value = [] if question.kind is Kind.MULTI_CHOICE else None
            if question.required and is_asked(question, values):
                errors[question.id] = [question.missing]
        elif not is_asked(question, values):
            errors[question.id] = [question.unasked or question.missing]
        else:
            problem = problem_with(question, value, today)
            if problem:
                errors[question.id] = [problem]
        kept[question.id] = value if is_asked(question, values) else None
    if errors:
        raise Invalid(errors)
    return kept


class Invalid(ValueError):
    """Answers that break the catalogue, with messages keyed by question id."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(sorted(errors))
        self.errors = errors


JSON_TYPES: Mapping[Kind, tuple[Callable[[Any], bool], str]] = {
    Kind.DATE: (
        lambda value: isinstance(value, str) and bool(ISO_DATE.fullmatch(value)),
        N_("Must be a real date written as YYYY-MM-DD"),
    ),
    Kind.YES_NO: (lambda value: isinstance(value, bool), N_("Must be true or false")),
    Kind.CHOICE: (lambda value: isinstance(value, str), N_("Must be a string")),
    Kind.MULTI_CHOICE: (
        lambda value: (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ),
        N_("Must be a list of strings"),
    ),
    Kind.TEXT: (lambda value: isinstance(value, str), N_("Must be a string")),
}


def from_json(body: Mapping[str, Any], today: date, catalogue: Catalogue) -> Values:
    """Return the answers in a JSON object, or raise Invalid naming every problem."""
    errors: Errors = {
        name: [N_("Unknown field")] for name in sorted(set(body) - catalogue.ids)
    }
    values: Values = {}
    for question in catalogue:
        value = body.get(question.id)
        is_right_type, message = JSON_TYPES[question.kind]
        if value is not None and not is_right_type(value):
            errors[question.id] = [message]
        elif question.kind is Kind.DATE and value is not None:
            try:
                values[question.id] = date.fromisoformat(value)
            except ValueError:
                errors[question.id] = [message]
        else:
            values[question.id] = value
    try:
        kept = check(values, today, catalogue)
    except Invalid as invalid:
        errors = {**invalid.errors, **errors}
    if errors:
        raise Invalid(errors)
    return kept
