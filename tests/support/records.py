"""Stored screenings for tests that need one without going through the form."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from screening.infra.extensions import db
from screening.models import Screening
from screening.services.store import Submission, new_nonce, store_screening

from .answers import NO_CONCERNS, PATIENT, SUBMISSION


def count_screenings(app) -> int:
    """Return how many screenings ``app``'s database holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Screening))


def stored_screening(**answers) -> Screening:
    """Store one decided screening as the patient form does; needs an app context."""
    submission = Submission({**SUBMISSION, **answers})
    screening = store_screening(
        submission, dict(PATIENT), new_nonce(), date(2026, 11, 26)
    )
    db.session.commit()
    return screening


STORED_SCREENING = {
    "full_name": "Grace Stored",
    "email": "grace@example.com",
    "phone": None,
    "date_of_birth": date(1985, 6, 1),
    "visit_date": None,
    # Stored before the allergy question, which has no column of its own.
    **{name: value for name, value in NO_CONCERNS.items() if name != "allergies"},
    "takes_medication": True,
    "medications": "ibuprofen",
    "treatment_areas": ["thighs"],
    "privacy_notice_version": "2026-11-26",
    "as_of_date": date(2026, 11, 26),
    "age": 41,
    "outcome": "needs_review",
    "ruleset_version": "2026.11.1",
    # A trace as stored before every rule was kept: the rules that fired.
    "trace": [
        {
            "rule": "takes-medication",
            "severity": "refer",
            "message": "You take medication or supplements.",
            "reason": "Takes medication or supplements: see the list given.",
            "source": "What are the Side Effects of Mesotherapy?",
        }
    ],
}
