"""Validate an eligibility request body into a Submission, or say what is wrong."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..dates import birth_date_problem, visit_date_problem
from ..patient.forms import MEDICATIONS_MAX
from ..rules.model import PREGNANCY_ANSWERS
from ..screenings import Submission

BOOLEAN_FIELDS = (
    "good_health",
    "cancer_history",
    "heart_arrhythmia",
    "blood_clots",
    "takes_medication",
)
# fromisoformat alone also takes week dates such as "2026-W01-1".
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
KNOWN_FIELDS = frozenset(
    ("date_of_birth", "visit_date", "pregnant", "medications", *BOOLEAN_FIELDS)
)

Errors = dict[str, list[str]]


def parse_eligibility_request(
    body: dict[str, Any], today: date
) -> tuple[Submission | None, Errors]:
    """Return the submission, or None with messages keyed by field name."""
    errors: Errors = {}
    for name in sorted(set(body) - KNOWN_FIELDS):
        errors.setdefault(name, []).append("Unknown field")
    values: dict[str, Any] = {
        "date_of_birth": _date(body, "date_of_birth", today, errors, required=True),
        "visit_date": _date(body, "visit_date", today, errors, required=False),
        "pregnant": _pregnant(body, errors),
        **{name: _boolean(body, name, errors) for name in BOOLEAN_FIELDS},
    }
    values["medications"] = _medications(body, values["takes_medication"], errors)
    if errors:
        return None, errors
    return Submission(**values), {}


def _date(body, name, today, errors, *, required):
    value = body.get(name)
    if value is None:
        if required:
            errors[name] = ["This field is required"]
        return None
    try:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError
        parsed = date.fromisoformat(value)
    except ValueError:
        errors[name] = ["Must be a real date written as YYYY-MM-DD"]
        return None
    check = birth_date_problem if name == "date_of_birth" else visit_date_problem
    problem = check(parsed, today)
    if problem:
        errors[name] = [problem]
        return None
    return parsed


def _pregnant(body, errors):
    value = body.get("pregnant")
    if value not in PREGNANCY_ANSWERS:
        errors["pregnant"] = ['Must be "yes", "no" or "unsure"']
        return None
    return value


def _boolean(body, name, errors):
    value = body.get(name)
    if not isinstance(value, bool):
        errors[name] = ["Must be true or false"]
        return None
    return value


def _medications(body, takes_medication, errors):
    value = body.get("medications")
    if value is not None and not isinstance(value, str):
        errors["medications"] = ["Must be a string"]
        return None
    if value is not None and len(value) > MEDICATIONS_MAX:
        errors["medications"] = [f"Must be {MEDICATIONS_MAX} characters or fewer"]
        return None
    if takes_medication and not (value or "").strip():
        errors["medications"] = ["Required when takes_medication is true"]
        return None
    return value if takes_medication else None
