"""Screenings stored straight into the live server's database."""

from __future__ import annotations

from datetime import date

from screening.screenings import Submission, new_nonce, store_screening

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
# The form's longest medication answer (MEDICATIONS_MAX), one medicine a line.
LONGEST_MEDICATIONS = ("\n".join(MEDICINES * 8))[:1000]


def stored_screening(
    app, outcome: str, medications: str | None = None
) -> tuple[str, str]:
    """Store, through ``app``'s rules, a screening that ends in ``outcome``.

    Return its result-page token and its reference.
    """
    answers = {
        "date_of_birth": date(1990, 3, 14),
        "visit_date": None,
        "pregnant": "yes" if outcome == "not_eligible" else "no",
        "good_health": True,
        "cancer_history": outcome == "needs_review",
        "heart_arrhythmia": False,
        "blood_clots": False,
        "takes_medication": medications is not None,
        "medications": medications,
    }
    details = {
        "full_name": "Ada Example",
        "email": "ada@example.com",
        "phone": None,
        "treatment_areas": ["thighs"],
    }
    with app.test_request_context():
        screening = store_screening(
            Submission(**answers), details, new_nonce(), date.today()
        )
        assert screening.outcome == outcome
        return screening.token, screening.reference
