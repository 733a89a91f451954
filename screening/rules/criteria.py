"""The default screening policy, each rule tied to the article section it rests on.

Source: "Mesoderm Mesotherapy: Is it Safe Way to Get Rid of Cellulite?"
(shared/reference/mesotherapy-article.txt). Section headings are quoted
verbatim so a reviewer can find the passage. A rule whose severity is the
clinic's own choice (asking a clinician rather than following the article to
the letter, or a question the article does not ask) has ``basis`` clinic
policy; its ``source`` names the section that prompted the choice.
"""

from __future__ import annotations

from .conditions import Condition
from .model import Basis, Rule, Severity
from .parameters import SIDE_EFFECTS
from .text import N_

RULESET_VERSION = "2026.11.2"

DEFAULT_RULES = (
    Rule(
        id="age-below-minimum",
        condition=Condition("age", "less_than", parameter="minimum_age"),
        severity=Severity.EXCLUDE,
        patient_message=N_(
            "The clinic treats people aged {minimum_age} to {maximum_age}."
        ),
        staff_reason=N_(
            "Younger than the minimum age of {minimum_age} on the as-of date."
        ),
        source=SIDE_EFFECTS,
        concerns=N_("are younger than {minimum_age} on the day of your visit"),
    ),
    Rule(
        id="age-above-maximum",
        condition=Condition("age", "greater_than", parameter="maximum_age"),
        severity=Severity.EXCLUDE,
        patient_message=N_(
            "The clinic treats people aged {minimum_age} to {maximum_age}."
        ),
        staff_reason=N_(
            "Older than the maximum age of {maximum_age} on the as-of date."
        ),
        source=SIDE_EFFECTS,
        concerns=N_("are older than {maximum_age} on the day of your visit"),
    ),
    Rule(
        id="pregnant",
        condition=Condition("pregnant", "equals", "yes"),
        severity=Severity.EXCLUDE,
        patient_message=N_("The clinic does not give mesotherapy during pregnancy."),
        staff_reason=N_("Patient reports being pregnant."),
        source=SIDE_EFFECTS,
        concerns=N_("are pregnant"),
    ),
    # The article says only "not currently pregnant"; asking a clinician
    # when the patient cannot say is the clinic's choice.
    Rule(
        id="pregnancy-unsure",
        condition=Condition("pregnant", "equals", "unsure"),
        severity=Severity.REFER,
        patient_message=N_(
            "You are not sure whether you are pregnant, so a clinician needs to "
            "talk this through with you before any treatment."
        ),
        staff_reason=N_("Patient is unsure whether they are pregnant."),
        source=SIDE_EFFECTS,
        basis=Basis.CLINIC_POLICY,
        concerns=N_("could be pregnant"),
    ),
    # The article asks for good health; a clinician's look instead of a
    # refusal is the clinic's choice.
    Rule(
        id="not-in-good-health",
        condition=Condition("good_health", "equals", False),
        severity=Severity.REFER,
        patient_message=N_(
            "Treatment is meant for people in good general health, so a clinician "
            "will look at your health first."
        ),
        staff_reason=N_("Patient reports not being in good general health."),
        source=SIDE_EFFECTS,
        basis=Basis.CLINIC_POLICY,
        concerns=N_("are not in good general health"),
    ),
    Rule(
        id="cancer-history",
        condition=Condition("cancer_history", "equals", True),
        severity=Severity.REFER,
        patient_message=N_(
            "You have had cancer, which the clinic checks before treating anyone."
        ),
        staff_reason=N_("History of cancer."),
        source=SIDE_EFFECTS,
        concerns=N_("have had cancer"),
    ),
    Rule(
        id="heart-arrhythmia",
        condition=Condition("heart_arrhythmia", "equals", True),
        severity=Severity.REFER,
        patient_message=N_(
            "You have been told you have an irregular heartbeat, which the clinic "
            "checks before treating anyone."
        ),
        staff_reason=N_("Heart arrhythmia reported."),
        source=SIDE_EFFECTS,
        concerns=N_("have an irregular heartbeat"),
    ),
    Rule(
        id="blood-clots",
        condition=Condition("blood_clots", "equals", True),
        severity=Severity.REFER,
        patient_message=N_(
            "You have had a blood clot, which the clinic checks before treating anyone."
        ),
        staff_reason=N_(
            "History of blood clots (for example DVT or pulmonary embolism)."
        ),
        source=SIDE_EFFECTS,
        concerns=N_("have had a blood clot"),
    ),
    # The article asks patients to tell the provider; sending every
    # medication to a clinician is the clinic's choice.
    Rule(
        id="takes-medication",
        condition=Condition("takes_medication", "equals", True),
        severity=Severity.REFER,
        patient_message=N_(
            "You take medication or supplements, so a clinician will go through "
            "them with you before treatment."
        ),
        staff_reason=N_("Takes medication or supplements: see the list given."),
        source=SIDE_EFFECTS,
        basis=Basis.CLINIC_POLICY,
        concerns=N_("take any medication or supplements"),
    ),
    # The article names allergic reactions as a risk but asks nothing about
    # allergies; the question and the referral are the clinic's.
    Rule(
        id="allergies",
        condition=Condition("allergies", "equals", True),
        severity=Severity.REFER,
        patient_message=N_(
            "You have allergies, so a clinician will check what you react to "
            "before treatment."
        ),
        staff_reason=N_("Reports allergies: see the details given."),
        source=SIDE_EFFECTS,
        basis=Basis.CLINIC_POLICY,
        concerns=N_("have allergies"),
    ),
)
