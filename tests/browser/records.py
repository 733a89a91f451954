"""Screenings stored straight into the live server's database."""

from __future__ import annotations

from support.answers import PATIENT, SUBMISSION

from screening.infra.clock import clinic_today
from screening.infra.extensions import db
from screening.rules import CATALOGUE
from screening.services.store import Submission, new_nonce, store_screening

OUTCOMES = ("eligible", "needs_review", "not_eligible")
MEDICINES = (
    "Ibuprofen 200 mg when needed",
    "Levothyroxine 50 micrograms every morning",
    "Vitamin D 1000 IU",
    "Omega-3 fish oil",
    "Cetirizine 10 mg",
    "Combined contraceptive pill",
    "Ferrous sulfate 200 mg twice a day",
    "Magnesium 375 mg at night",
)
# The form's longest medication answer, one medicine a line.
LONGEST_MEDICATIONS = ("\n".join(MEDICINES * 8))[: CATALOGUE["medications"].max_length]


def stored_screening(
    app, outcome: str, medications: str | None = None, language: str = "en"
) -> tuple[str, str]:
    """Store, through ``app``'s rules, a screening that ends in ``outcome``.

    Answered in ``language``, as if the patient's browser asked for it.

    Return its result-page token and its reference.
    """
    answers = {
        **SUBMISSION,
        "pregnant": "yes" if outcome == "not_eligible" else "no",
        "cancer_history": outcome == "needs_review",
        "takes_medication": medications is not None,
        "medications": medications,
        "treatment_areas": ["thighs"],
    }
    details = dict(PATIENT)
    with app.test_request_context(headers={"Accept-Language": language}):
        screening = store_screening(
            Submission(answers), details, new_nonce(), clinic_today("UTC")
        )
        assert screening.outcome == outcome
        db.session.commit()
        return screening.token, screening.reference
