"""Reading the screening form page in tests: its questions, errors and fieldsets."""

from __future__ import annotations

import re
from datetime import UTC, datetime

TOKEN_URL = re.compile(r"^/screening/([A-Za-z0-9_-]{43,})$")
TEXT_QUESTIONS = {
    "full_name": "Full name",
    "email": "Email address",
    "phone": "Phone number (optional)",
    "medications": "Which medication and supplements do you take?",
    "allergy_details": "What are you allergic to, and what happens?",
    "other_area": "Which other area?",
}
RADIO_QUESTIONS = {
    "pregnant": ("Are you pregnant, or could you be?", ["yes", "no", "unsure"]),
    "good_health": ("Are you in good general health?", ["yes", "no"]),
    "cancer_history": ("Have you ever had cancer?", ["yes", "no"]),
    "heart_arrhythmia": (
        "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
        ["yes", "no"],
    ),
    "blood_clots": ("Have you ever had a blood clot?", ["yes", "no"]),
    "takes_medication": ("Do you take any medication?", ["yes", "no"]),
    "allergies": ("Do you have any allergies?", ["yes", "no"]),
}


def fieldset_for(page, legend_text):
    """Return the fieldset whose legend reads ``legend_text``."""
    for legend in page.select("fieldset > legend"):
        if legend.get_text(strip=True) == legend_text:
            return legend.parent
    raise AssertionError(f"no fieldset with legend {legend_text!r}")


def error_summary(page) -> dict[str, str]:
    """Return the error summary as {link target: message}."""
    return {
        link["href"]: link.get_text(strip=True)
        for link in page.select(".error-summary a")
    }


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; SQLite hands back naive UTC times."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def field_error(page, field_id) -> str:
    message = page.select_one(f"#{field_id}-error")
    assert message is not None, f"no error message beside {field_id}"
    return message.get_text(" ", strip=True).removeprefix("Error: ")
