"""A patient's own copy of their screening, and the audit of taking it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..models import Screening, stored_answers
from ..rules import Catalogue
from .audit import Event, record

CONTACT = ("full_name", "email", "phone")
# What the patient is told about each rule that fired: never the staff wording.
REASON_FIELDS = ("rule", "message", "basis", "source")


def json_ready(value: Any) -> Any:
    """Return a stored value as JSON writes it (dates as YYYY-MM-DD)."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def own_copy(screening: Screening, catalogue: Catalogue) -> dict[str, Any]:
    """Return everything the screening holds about the patient, JSON-ready."""
    answers = stored_answers(screening, catalogue)
    return {
        "reference": screening.reference,
        "submitted_at": json_ready(screening.created_at),
        "contact": {name: getattr(screening, name) for name in CONTACT},
        "answers": {name: json_ready(value) for name, value in answers.items()},
        "age": screening.age,
        "age_on": json_ready(screening.as_of_date),
        "outcome": screening.outcome,
        "reasons": [
            {name: fired.get(name) for name in REASON_FIELDS}
            for fired in screening.fired
        ],
        "ruleset_version": screening.ruleset_version,
        "consent_given_at": json_ready(screening.consent_given_at),
        "privacy_notice_version": screening.privacy_notice_version,
    }


def record_own_download(screening: Screening, shape: str) -> None:
    """Audit that the patient took a copy of their answers, as a staff view is."""
    record(
        Event.SCREENING_SELF_DOWNLOADED,
        screening_reference=screening.reference,
        view=shape,
    )
