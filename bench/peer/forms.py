"""The peer's form, as the Flask-WTF documentation writes one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

# SelectChoice, as WTForms 3.3's documentation writes choices.
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
AREAS = [
    SelectChoice("thighs", "Thighs"),
    SelectChoice("abdomen", "Abdomen"),
    SelectChoice("hips", "Hips"),
    SelectChoice("arms", "Arms"),
    SelectChoice("neck", "Neck"),
    SelectChoice("other", "Somewhere else"),
]


class ScreeningForm(FlaskForm):
    """The same questions as the app's form."""

    full_name = StringField("Full name", [DataRequired(), Length(max=200)])
    email = EmailField("Email address", [DataRequired(), Email(), Length(max=254)])
    phone = TelField("Phone number (optional)", [Optional(), Length(max=40)])
    date_of_birth = DateField("Date of birth", [DataRequired()])
    visit_date = DateField("Planned visit date (optional)", [Optional()])
    pregnant = RadioField(
        "Are you pregnant?",
        [InputRequired()],
        choices=[*YES_NO, SelectChoice("unsure", "I'm not sure")],
    )
    good_health = RadioField(
        "Are you in good general health?", [InputRequired()], choices=YES_NO
    )
    cancer_history = RadioField(
        "Have you ever had cancer?", [InputRequired()], choices=YES_NO
    )
    heart_arrhythmia = RadioField(
        "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
        [InputRequired()],
        choices=YES_NO,
    )
    blood_clots = RadioField(
        "Have you ever had a blood clot?", [InputRequired()], choices=YES_NO
    )
    takes_medication = RadioField(
        "Do you take any medication?", [InputRequired()], choices=YES_NO
    )
    medications = TextAreaField(
        "Which medication and supplements do you take?", [Length(max=1000)]
    )
    treatment_areas = SelectMultipleField(
        "Which areas would you like treated? (optional)", choices=AREAS
    )
    consent = BooleanField(
        "I agree that the clinic stores my answers to review my screening",
        [DataRequired()],
    )

    def validate_medications(self, field):
        """Ask for the list when the patient takes medication."""
        if self.takes_medication.data == "yes" and not field.data:
            raise ValidationError("Enter the medication and supplements you take")
