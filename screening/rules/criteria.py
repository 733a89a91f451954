"""The default screening policy, each rule tied to the article section it rests on.

Source: "Mesoderm Mesotherapy: Is it Safe Way to Get Rid of Cellulite?"
(shared/reference/mesotherapy-article.txt). Section headings are quoted
verbatim so a reviewer can find the passage.
"""

from __future__ import annotations

from .conditions import Condition
from .model import Rule, Severity
from .parameters import SIDE_EFFECTS

RULESET_VERSION = "2026.11.1"

DEFAULT_RULES = (
    Rule(
        id="age-below-minimum",
        condition=Condition("age", "less_than", parameter="minimum_age"),
        severity=Severity.EXCLUDE,
        patient_message=(
            "The clinic treats people aged {minimum_age} to {maximum_age} only, and "
            "you would be younger than {minimum_age} on your visit date (or today, "
            "if you did not give one)."
        ),
        staff_reason="Younger than the minimum age of {minimum_age} on the as-of date.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="age-above-maximum",
        condition=Condition("age", "greater_than", parameter="maximum_age"),
        severity=Severity.EXCLUDE,
        patient_message=(
            "The clinic treats people aged {minimum_age} to {maximum_age} only, and "
            "you would be older than {maximum_age} on your visit date (or today, "
            "if you did not give one)."
        ),
        staff_reason="Older than the maximum age of {maximum_age} on the as-of date.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="pregnant",
        condition=Condition("pregnant", "equals", "yes"),
        severity=Severity.EXCLUDE,
        patient_message="Mesotherapy is not offered during pregnancy.",
        staff_reason="Patient reports being pregnant.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="pregnancy-unsure",
        condition=Condition("pregnant", "equals", "unsure"),
        severity=Severity.REFER,
        patient_message=(
            "You are not sure whether you are pregnant, so a clinician needs to "
            "talk this through with you before any treatment."
        ),
        staff_reason="Patient is unsure whether they are pregnant.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="not-in-good-health",
        condition=Condition("good_health", "equals", False),
        severity=Severity.REFER,
        patient_message=(
            "Treatment is meant for people in good general health, so a clinician "
            "will look at your health first."
        ),
        staff_reason="Patient reports not being in good general health.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="cancer-history",
        condition=Condition("cancer_history", "equals", True),
        severity=Severity.REFER,
        patient_message=(
            "You have had cancer, which the clinic checks before treating anyone."
        ),
        staff_reason="History of cancer.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="heart-arrhythmia",
        condition=Condition("heart_arrhythmia", "equals", True),
        severity=Severity.REFER,
        patient_message=(
            "You have been told you have an irregular heartbeat, which the clinic "
            "checks before treating anyone."
        ),
        staff_reason="Heart arrhythmia reported.",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="blood-clots",
        condition=Condition("blood_clots", "equals", True),
        severity=Severity.REFER,
        patient_message=(
            "You have had a blood clot, which the clinic checks before treating anyone."
        ),
        staff_reason="History of blood clots (for example DVT or pulmonary embolism).",
        source=SIDE_EFFECTS,
    ),
    Rule(
        id="takes-medication",
        condition=Condition("takes_medication", "equals", True),
        severity=Severity.REFER,
        patient_message=(
            "You take medication or supplements, so a clinician will go through "
            "them with you before treatment."
        ),
        staff_reason="Takes medication or supplements: see the list given.",
        source=SIDE_EFFECTS,
    ),
)
