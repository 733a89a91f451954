"""One adult patient who raises no concern, in each shape a layer takes.

The rules read ``NO_CONCERNS`` (with a date of birth and an as-of date), the
domain takes a ``SUBMISSION`` (with the ``PATIENT``'s details beside it), the
API an ``API_BODY`` and the form a ``FORM_BODY``. Tests copy one and change
only what their case is about.
"""

from __future__ import annotations

from datetime import date

BORN = date(1990, 3, 14)
PATIENT = {"full_name": "Ada Example", "email": "ada@example.com", "phone": None}
# The answer to each risk question that raises no concern.
NO_CONCERNS = {
    "pregnant": "no",
    "good_health": True,
    "cancer_history": False,
    "heart_arrhythmia": False,
    "blood_clots": False,
    "takes_medication": False,
    "allergies": False,
}
# The checked answer to every catalogue question, as a Submission holds them.
SUBMISSION = {
    "date_of_birth": BORN,
    "visit_date": None,
    **NO_CONCERNS,
    "medications": None,
    "allergy_details": None,
    "treatment_areas": [],
    "other_area": None,
}
API_BODY = {"date_of_birth": BORN.isoformat(), "visit_date": None, **NO_CONCERNS}
# The same answers as the form's radio buttons send them.
FORM_NO_CONCERNS = {
    name: answer if isinstance(answer, str) else ("yes" if answer else "no")
    for name, answer in NO_CONCERNS.items()
}


def date_parts(name: str, value: date) -> dict[str, str]:
    """Return the three form inputs of a memorable date."""
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


FORM_BODY = {
    **PATIENT,
    "phone": "",
    **date_parts("date_of_birth", BORN),
    "visit_date-day": "",
    "visit_date-month": "",
    "visit_date-year": "",
    **FORM_NO_CONCERNS,
    "medications": "",
    "allergy_details": "",
    "other_area": "",
    "consent": "y",
}
