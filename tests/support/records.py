"""Stored screenings for tests that need one without going through the form."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from screening.infra.extensions import db
from screening.models import Screening
from screening.services.store import Submission, new_nonce, store_screening

from .answers import PATIENT, SUBMISSION


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
