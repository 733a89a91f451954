"""Stored screenings for tests that need one without going through the form."""

from __future__ import annotations

from datetime import date

from screening.models import Screening
from screening.screenings import Submission, new_nonce, store_screening

PATIENT = {"full_name": "Ada Example", "email": "ada@example.com", "phone": None}


def stored_screening(**answers) -> Screening:
    """Store one decided screening as the patient form does; needs an app context."""
    submission = Submission(
        **{
            "date_of_birth": date(1990, 3, 14),
            "visit_date": None,
            "pregnant": "no",
            "good_health": True,
            "cancer_history": False,
            "heart_arrhythmia": False,
            "blood_clots": False,
            "takes_medication": False,
            "medications": None,
            **answers,
        }
    )
    return store_screening(submission, dict(PATIENT), new_nonce(), date(2026, 11, 26))
