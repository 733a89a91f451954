"""The question catalogue: every screening question, once, as data.

The patient form, the API's validation, the answers the rules read, the
stored columns, the staff pages and the CSV export are all built from this
list; adding a question is an entry here (plus its rule and wording). The
patient's contact details and consent are not questions: the form asks for
them, the rules never see them.
"""

from __future__ import annotations

from .catalogue import Catalogue, Choice, Kind, Question, When
from .text import N_

YES_NO = (Choice("yes", N_("Yes")), Choice("no", N_("No")))
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
            N_("Date of birth"),
            DETAILS,
            N_("Date of birth"),
            missing=N_("Enter your date of birth"),
            hint=N_("For example, 27 3 1985"),
            date_bounds="past",
            autocomplete="bday",
            column="date_of_birth",
        ),
        Question(
            "visit_date",
            Kind.DATE,
            N_("Planned visit date (optional)"),
            DETAILS,
            N_("Planned visit date"),
            hint=N_(
                "If you already know when you would like to come, for example 14 5 "
                "2027. We check your age on this date."
            ),
            required=False,
            date_bounds="coming",
            error_name=N_("Planned visit date"),
            column="visit_date",
            exported=True,
        ),
        Question(
            "pregnant",
            Kind.CHOICE,
            N_("Are you pregnant, or could you be?"),
            HEALTH,
            N_("Pregnant"),
            missing=N_("Select whether you are pregnant or could be"),
            choices=(*YES_NO, Choice("unsure", N_("I'm not sure"))),
            column="pregnant",
        ),
        yes_no(
            "good_health",
            N_("Are you in good general health?"),
            N_("In good general health"),
            N_("Select whether you are in good general health"),
            hint=N_(
                "Answer No if you are unwell at the moment, or have an illness or "
                "condition that a doctor is treating or keeping an eye on."
            ),
        ),
        yes_no(
            "cancer_history",
            N_("Have you ever had cancer?"),
            N_("Has had cancer"),
            N_("Select whether you have ever had cancer"),
        ),
        yes_no(
            "heart_arrhythmia",
            N_("Have you ever been told you have an irregular heartbeat (arrhythmia)?"),
            N_("Told they have an irregular heartbeat"),
            N_(
                "Select whether you have ever been told you have an irregular heartbeat"
            ),
        ),
        yes_no(
            "blood_clots",
            N_("Have you ever had a blood clot?"),
            N_("Has had a blood clot"),
            N_("Select whether you have ever had a blood clot"),
            hint=N_(
                "For example a deep vein thrombosis (DVT) or a pulmonary embolism."
            ),
        ),
        yes_no(
            "takes_medication",
            N_("Do you take any medication?"),
            N_("Takes medication or supplements"),
            N_("Select whether you take any medication"),
            hint=N_(
                "Include supplements, vitamins and anything bought over the counter."
            ),
        ),
        Question(
            "medications",
            Kind.TEXT,
            N_("Which medication and supplements do you take?"),
            HEALTH,
            N_("Medication and supplements"),
            missing=N_("Enter the medication and supplements you take"),
            hint=N_(
                "Only if you answered Yes above. "
                "List each one, with the dose if you know it."
            ),
            required=When("takes_medication", True),
            unasked=N_(
                "You answered No to taking medication: select Yes, or clear "
                "the medication list"
            ),
            max_length=1000,
            error_name=N_("Medication list"),
            when_empty=N_("None given"),
            column="medications",
        ),
        yes_no(
            "allergies",
            N_("Do you have any allergies?"),
            N_("Has allergies"),
            N_("Select whether you have any allergies"),
            hint=N_("For example to a medicine, a food, plasters or latex."),
            column=None,
        ),
        Question(
            "allergy_details",
            Kind.TEXT,
            N_("What are you allergic to, and what happens?"),
            HEALTH,
            N_("Allergies"),
            missing=N_("Enter what you are allergic to"),
            hint=N_("Only if you answered Yes above."),
            required=When("allergies", True),
            unasked=N_(
                "You answered No to allergies: select Yes, or clear the allergy details"
            ),
            max_length=1000,
            error_name=N_("Allergy details"),
            when_empty=N_("None given"),
        ),
        Question(
            "treatment_areas",
            Kind.MULTI_CHOICE,
            N_("Which areas would you like treated? (optional)"),
            TREATMENT,
            N_("Areas to treat"),
            hint=N_("Select all that apply."),
            choices=(
                Choice("thighs", N_("Thighs")),
                Choice("abdomen", N_("Abdomen")),
                Choice("hips", N_("Hips")),
                Choice("arms", N_("Arms")),
                Choice("neck", N_("Neck")),
                Choice("other", N_("Somewhere else")),
            ),
            required=False,
            wrong_choice=N_("Select treatment areas from the list"),
            when_empty=N_("None given"),
            column="treatment_areas",
        ),
        Question(
            "other_area",
            Kind.TEXT,
            N_("Which other area?"),
            TREATMENT,
            N_("Other area to treat"),
            missing=N_("Enter the other area you would like treated"),
            hint=N_("Only if you selected “Somewhere else”."),
            required=When("treatment_areas", "other"),
            unasked=N_("Select “Somewhere else” above, or clear the other area box"),
            max_length=200,
            error_name=N_("Other area"),
            when_empty=N_("None given"),
        ),
    )
)
