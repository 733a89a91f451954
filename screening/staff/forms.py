"""Staff forms: sign-in, two-factor, queue filters and search, decisions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..fields import FREE_TEXT, at_most, email_address
from ..models import DecisionKind, ReviewStatus
from ..rules import Outcome

# SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices.
OUTCOME_CHOICES = [
    SelectChoice("", "All"),
    SelectChoice(Outcome.NEEDS_REVIEW, "Needs review"),
    SelectChoice(Outcome.ELIGIBLE, "Eligible"),
    SelectChoice(Outcome.NOT_ELIGIBLE, "Not eligible"),
]
STATUS_CHOICES = [
    SelectChoice("", "All"),
    SelectChoice(ReviewStatus.NEW, "New"),
    SelectChoice(ReviewStatus.DECIDED, "Decided"),
]
OUTCOME_VALUES = [choice.value for choice in OUTCOME_CHOICES]
STATUS_VALUES = [choice.value for choice in STATUS_CHOICES]
NOTE_MAX = 2000


def listed_filter(label: str, choices: list[SelectChoice], message: str) -> RadioField:
    """Return a queue filter that takes one of its listed values ("" for all)."""
    return RadioField(
        label,
        choices=choices,
        default="",
        validate_choice=False,
        validators=[AnyOf([choice.value for choice in choices], message=message)],
    )


def security_code(label: str, missing: str, hint: str) -> StringField:
    """Return a required field for a code from the app or a recovery code."""
    return StringField(
        label,
        validators=[DataRequired(missing), at_most(32, "Security code")],
        description=hint,
    )


class LoginForm(FlaskForm):
    """Email address and password: the first step of signing in."""

    email = email_address()
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password"), at_most(256, "Password")],
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = security_code(
        "Security code",
        "Enter the security code",
        "The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
    )


class SetupForm(FlaskForm):
    """The first code from a newly set-up authenticator app."""

    code = security_code(
        "Code from your authenticator app",
        "Enter the 6-digit code from your authenticator app",
        "Enter the 6-digit code the app shows after you add the account.",
    )


def password_field(label: str, missing: str, hint: str = "") -> PasswordField:
    """Return a required password field with a length limit."""
    return PasswordField(
        label,
        validators=[DataRequired(missing), at_most(256, label)],
        description=hint,
    )


class ChangePasswordForm(FlaskForm):
    """A member's current password and the new one, typed twice."""

    current_password = password_field("Current password", "Enter your current password")
    new_password = password_field(
        "New password",
        "Enter a new password",
        "At least 12 characters. A few unrelated words make a strong password.",
    )
    confirm_password = PasswordField(
        "Confirm new password",
        validators=[
            DataRequired("Enter the new password again"),
            EqualTo("new_password", message="The two new passwords must match"),
        ],
    )


class FilterForm(FlaskForm):
    """Queue filters; they travel in the address, so they are never personal."""

    class Meta:
        csrf = False

    outcome = listed_filter(
        "Outcome", OUTCOME_CHOICES, "Select an outcome from the list"
    )
    status = listed_filter(
        "Review status", STATUS_CHOICES, "Select a review status from the list"
    )
    after = HiddenField()


class SearchForm(FlaskForm):
    """A search term is personal data: it is sent in a POST body, never a URL."""

    q = StringField(
        "Search by reference, name or email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter a reference, name or email address to search for"),
            at_most(254, "Search"),
        ],
        description="A reference or an email address must match exactly.",
    )
    outcome = HiddenField(validators=[AnyOf(OUTCOME_VALUES)], default="")
    status = HiddenField(validators=[AnyOf(STATUS_VALUES)], default="")
    after = HiddenField()


class DecisionForm(FlaskForm):
    """A staff member's decision on a screening, with a note."""

    kind = RadioField(
        "Decision",
        choices=[SelectChoice(str(kind), kind.label) for kind in DecisionKind],
        validate_choice=False,
        validators=[
            InputRequired("Select a decision"),
            AnyOf([str(kind) for kind in DecisionKind], message="Select a decision"),
        ],
    )
    note = TextAreaField(
        "Note",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter a note about your decision"),
            at_most(NOTE_MAX, "Note"),
        ],
        description="Say why, and what happens next. The patient does not see this.",
    )
    confirm_override = BooleanField(
        "I am approving this screening although the rules found it not eligible",
        description="Needed only to approve a not-eligible screening: an override. "
        "Give the clinical reason in the note.",
    )


class AuditFilterForm(FlaskForm):
    """Audit log filters: a staff member and a screening reference."""

    class Meta:
        csrf = False

    staff = SelectField("Staff member", choices=[], validate_choice=False)
    screening = StringField(
        "Screening reference",
        filters=FREE_TEXT,
        validators=[Optional(), Length(max=16, message="Enter a screening reference")],
        description="For example MS-ABCDE-23456.",
    )
    since = DateField(
        "From",
        validators=[Optional()],
        description="The first day to show, in the clinic's time zone.",
    )
    until = DateField(
        "To",
        validators=[Optional()],
        description="The last day to show.",
    )
    before = HiddenField()

    def validate_until(self, field) -> None:
        """Refuse a range that ends before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date must be on or after the start date")
