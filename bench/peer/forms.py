"""The peer's form, as the Flask-WTF documentation writes one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import fields
from wtforms import validators as v
from wtforms.fields import RadioField, SelectChoice

# SelectChoice, as WTForms 3.3's documentation writes choices.
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
AREAS = [
    SelectChoice(label.lower(), label)
    for label in ("Thighs", "Abdomen", "Hips", "Arms", "Neck")
] + [SelectChoice("other", "Somewhere else")]


class ScreeningForm(FlaskForm):
    """The same questions as the app's form."""

    full_name = fields.StringField("Full name", [v.DataRequired(), v.Length(max=200)])
    email = fields.EmailField(
        "Email address", [v.DataRequired(), v.Email(), v.Length(max=254)]
    )
    phone = fields.TelField("Phone number (optional)", [v.Optional(), v.Length(max=40)])
    date_of_birth = fields.DateField("Date of birth", [v.DataRequired()])
    visit_date = fields.DateField("Planned visit date (optional)", [v.Optional()])
    pregnant = RadioField(
        "Are you pregnant?",
        [v.InputRequired()],
        choices=[*YES_NO, SelectChoice("unsure", "I'm not sure")],
    )
    good_health = RadioField(
        "Are you in good general health?", [v.InputRequired()], choices=YES_NO
    )
    cancer_history = RadioField(
        "Have you ever had cancer?", [v.InputRequired()], choices=YES_NO
    )
    heart_arrhythmia = RadioField(
        "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
        [v.InputRequired()],
        choices=YES_NO,
    )
    blood_clots = RadioField(
        "Have you ever had a blood clot?", [v.InputRequired()], choices=YES_NO
    )
    takes_medication = RadioField(
        "Do you take any medication?", [v.InputRequired()], choices=YES_NO
    )
    medications = fields.TextAreaField(
        "Which medication and supplements do you take?", [v.Length(max=1000)]
    )
    treatment_areas = fields.SelectMultipleField(
        "Which areas would you like treated? (optional)", choices=AREAS
    )
    consent = fields.BooleanField(
        "I agree that the clinic stores my answers to review my screening",
        [v.DataRequired()],
    )

    def validate_medications(self, field):
        """Ask for the list when the patient takes medication."""
        if self.takes_medication.data == "yes" and not field.data:
            raise v.ValidationError("Enter the medication and supplements you take")


# The yes/no and choice questions the rules read, in the form's order.
QUESTIONS = [
    name
    for name, unbound in vars(ScreeningForm).items()
    if getattr(unbound, "field_class", None) is RadioField
]
