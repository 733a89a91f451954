"""The screening form: well-formed answers only; the rules decide eligibility."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Optional,
    Regexp,
)

from ..dates import birth_date_problem, visit_date_problem
from ..fields import MemorableDateField
from ..forms import FREE_TEXT, at_most, email_address
from ..screenings import Submission

# SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices.
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
PREGNANCY_CHOICES = [*YES_NO, SelectChoice("unsure", "I'm not sure")]
TREATMENT_AREAS = [
    SelectChoice("thighs", "Thighs"),
    SelectChoice("abdomen", "Abdomen"),
    SelectChoice("hips", "Hips"),
    SelectChoice("arms", "Arms"),
    SelectChoice("neck", "Neck"),
    SelectChoice("other", "Somewhere else"),
]
MEDICATIONS_MAX = 1000


def yes_no(label: str, missing: str, hint: str = "") -> RadioField:
    """Return a required yes/no question; "no" is an answer, hence InputRequired."""
    return RadioField(
        label,
        choices=YES_NO,
        validate_choice=False,
        validators=[InputRequired(missing), AnyOf(["yes", "no"], message=missing)],
        description=hint,
    )


class ScreeningForm(FlaskForm):
    """Everything a patient is asked before booking."""

    full_name = StringField(
        "Full name",
        filters=FREE_TEXT,
        validators=[DataRequired("Enter your full name"), at_most(200, "Full name")],
    )
    email = email_address(
        Email(
            "Enter an email address in the correct format, like name@example.com",
            check_deliverability=False,
        ),
        description="The clinic uses this to contact you about your screening.",
    )
    phone = TelField(
        "Phone number (optional)",
        filters=FREE_TEXT,
        validators=[
            Optional(),
            at_most(40, "Phone number"),
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message="Enter a phone number, like 01632 960 001 or +44 7700 900 982",
            ),
        ],
    )
    date_of_birth = MemorableDateField(
        "Date of birth",
        missing_message="Enter your date of birth",
        description="For example, 27 3 1985",
    )
    visit_date = MemorableDateField(
        "Planned visit date (optional)",
        error_name="Planned visit date",
        description=(
            "If you already know when you would like to come, for example 14 5 "
            "2027. We check your age on this date."
        ),
    )
    pregnant = RadioField(
        "Are you pregnant?",
        choices=PREGNANCY_CHOICES,
        validate_choice=False,
        validators=[
            InputRequired("Select whether you are pregnant"),
            AnyOf(["yes", "no", "unsure"], message="Select whether you are pregnant"),
        ],
    )
    good_health = yes_no(
        "Are you in good general health?",
        "Select whether you are in good general health",
    )
    cancer_history = yes_no(
        "Have you ever had cancer?",
        "Select whether you have ever had cancer",
    )
    heart_arrhythmia = yes_no(
        "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
        "Select whether you have ever been told you have an irregular heartbeat",
    )
    blood_clots = yes_no(
        "Have you ever had a blood clot?",
        "Select whether you have ever had a blood clot",
        hint="For example a deep vein thrombosis (DVT) or a pulmonary embolism.",
    )
    takes_medication = yes_no(
        "Do you take any medication?",
        "Select whether you take any medication",
        hint="Include supplements, vitamins and anything bought over the counter.",
    )
    medications = TextAreaField(
        "Which medication and supplements do you take?",
        filters=FREE_TEXT,
        validators=[at_most(MEDICATIONS_MAX, "Medication list")],
        description=(
            "Answer this if you take medication. "
            "List each one, with the dose if you know it."
        ),
    )
    treatment_areas = SelectMultipleField(
        "Which areas would you like treated? (optional)",
        choices=TREATMENT_AREAS,
        validate_choice=False,
        description="Select all that apply.",
    )
    consent = BooleanField(
        "I agree that the clinic stores my answers to review my screening",
        validators=[
            DataRequired("Tick the box to agree to the clinic storing your answers")
        ],
    )
    nonce = HiddenField()

    # --- Issue 13: the patient's choice of email (not a screening question) ---
    email_result = BooleanField(
        "Email me a link to my result",
        description=(
            "The email holds only your reference and the link, never your answers."
        ),
    )
    # --- end of issue 13 ---

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_date_of_birth(self, field):
        """Refuse birth dates in the future or implausibly long ago."""
        problem = birth_date_problem(field.data, self.today)
        if problem:
            raise ValidationError(problem)

    def validate_visit_date(self, field):
        """Refuse visit dates in the past or too far ahead."""
        if field.data is not None:
            problem = visit_date_problem(field.data, self.today)
            if problem:
                raise ValidationError(problem)

    def validate_medications(self, field):
        """Ask for the list when the patient says they take medication."""
        if self.takes_medication.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Enter the medication and supplements you take")

    def validate_treatment_areas(self, field):
        """Accept only the listed areas."""
        known = {choice.value for choice in TREATMENT_AREAS}
        if not set(field.data or ()) <= known:
            raise ValidationError("Select treatment areas from the list")


def submission_from(form: ScreeningForm) -> tuple[Submission, dict]:
    """Split a valid form into what the rules read and the other details kept."""
    takes_medication = form.takes_medication.data == "yes"
    submission = Submission(
        date_of_birth=form.date_of_birth.data,
        visit_date=form.visit_date.data,
        pregnant=form.pregnant.data,
        good_health=form.good_health.data == "yes",
        cancer_history=form.cancer_history.data == "yes",
        heart_arrhythmia=form.heart_arrhythmia.data == "yes",
        blood_clots=form.blood_clots.data == "yes",
        takes_medication=takes_medication,
        medications=form.medications.data if takes_medication else None,
    )
    details = {
        "full_name": form.full_name.data,
        "email": form.email.data,
        "phone": form.phone.data or None,
        "treatment_areas": list(form.treatment_areas.data or []),
        "email_result": bool(form.email_result.data),
    }
    return submission, details
