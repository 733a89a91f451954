"""The question catalogue: every screening question, once, as data.

The patient form, the API's validation, the answers the rules read, the
stored columns, the staff pages and the CSV export are all built from this
list; adding a question is an entry here (plus its rule and wording). The
patient's contact details and consent are not questions: the form asks for
them, the rules never see them.
"""

from __future__ import annotations

from .catalogue import Catalogue, Choice, Kind, Question, When

YES_NO = (Choice("yes", "Yes"), Choice("no", "No"))
DETAILS, HEALTH, TREATMENT = "details", "health", "treatment"


def yes_no(id: str, label: str, staff_label: str, missing: str, **more) -> Question:
    """Return a required yes/no health question, kept in its own column unless told."""
    return Question(
        id,
        Kind.YES_NO,
        label,
        HEALTH,
        staff_label,
        missing=missing,
        choices=YES_NO,
        **{"column": id, **more},
    )


CATALOGUE = Catalogue(
    (
        Question(
            "date_of_birth",
            Kind.DATE,
            "Date of birth",
            DETAILS,
            "Date of birth",
            missing="Enter your date of birth",
            hint="For example, 27 3 1985",
            date_bounds="past",
            autocomplete="bday",
            column="date_of_birth",
        ),
        Question(
            "visit_date",
            Kind.DATE,
            "Planned visit date (optional)",
            DETAILS,
            "Planned visit date",
            hint=(
                "If you already know when you would like to come, for example 14 5 "
                "2027. We check your age on this date."
            ),
            required=False,
            date_bounds="coming",
            error_name="Planned visit date",
            column="visit_date",
            exported=True,
        ),
        Question(
            "pregnant",
            Kind.CHOICE,
            "Are you pregnant, or could you be?",
            HEALTH,
            "Pregnant",
            missing="Select whether you are pregnant or could be",
            choices=(*YES_NO, Choice("unsure", "I'm not sure")),
            column="pregnant",
        ),
        yes_no(
            "good_health",
            "Are you in good general health?",
            "In good general health",
            "Select whether you are in good general health",
            hint=(
                "Answer No if you are unwell at the moment, or have an illness or "
                "condition that a doctor is treating or keeping an eye on."
            ),
        ),
        yes_no(
            "cancer_history",
            "Have you ever had cancer?",
            "Has had cancer",
            "Select whether you have ever had cancer",
        ),
        yes_no(
            "heart_arrhythmia",
            "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
            "Told they have an irregular heartbeat",
            "Select whether you have ever been told you have an irregular heartbeat",
        ),
        yes_no(
            "blood_clots",
            "Have you ever had a blood clot?",
            "Has had a blood clot",
            "Select whether you have ever had a blood clot",
            hint="For example a deep vein thrombosis (DVT) or a pulmonary embolism.",
        ),
        yes_no(
            "takes_medication",
            "Do you take any medication?",
            "Takes medication or supplements",
            "Select whether you take any medication",
            hint="Include supplements, vitamins and anything bought over the counter.",
        ),
        Question(
            "medications",
            Kind.TEXT,
            "Which medication and supplements do you take?",
            HEALTH,
            "Medication and supplements",
            missing="Enter the medication and supplements you take",
            hint=(
                "Only if you answered Yes above. "
                "List each one, with the dose if you know it."
            ),
            required=When("takes_medication", True),
            unasked=(
                "You answered No to taking medication: select Yes, or clear "
                "the medication list"
            ),
            max_length=1000,
            error_name="Medication list",
            when_empty="None given",
            column="medications",
        ),
        yes_no(
            "allergies",
            "Do you have any allergies?",
            "Has allergies",
            "Select whether you have any allergies",
            hint="For example to a medicine, a food, plasters or latex.",
            column=None,
        ),
        Question(
            "allergy_details",
            Kind.TEXT,
            "What are you allergic to, and what happens?",
            HEALTH,
            "Allergies",
            missing="Enter what you are allergic to",
            hint="Only if you answered Yes above.",
            required=When("allergies", True),
            unasked=(
                "You answered No to allergies: select Yes, or clear the allergy details"
            ),
            max_length=1000,
            error_name="Allergy details",
            when_empty="None given",
        ),
        Question(
            "treatment_areas",
            Kind.MULTI_CHOICE,
            "Which areas would you like treated? (optional)",
            TREATMENT,
            "Areas to treat",
            hint="Select all that apply.",
            choices=(
                Choice("thighs", "Thighs"),
                Choice("abdomen", "Abdomen"),
                Choice("hips", "Hips"),
                Choice("arms", "Arms"),
                Choice("neck", "Neck"),
                Choice("other", "Somewhere else"),
            ),
            required=False,
            wrong_choice="Select treatment areas from the list",
            when_empty="None given",
            column="treatment_areas",
        ),
        Question(
            "other_area",
            Kind.TEXT,
            "Which other area?",
            TREATMENT,
            "Other area to treat",
            missing="Enter the other area you would like treated",
            hint="Only if you selected “Somewhere else”.",
            required=When("treatment_areas", "other"),
            unasked=("Select “Somewhere else” above, or clear the other area box"),
            max_length=200,
            error_name="Other area",
            when_empty="None given",
        ),
    )
)
