"""Staff forms: sign-in, two-factor, queue filters and search, decisions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from ..models import DecisionKind, ReviewStatus
from ..patient.forms import FREE_TEXT
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


class LoginForm(FlaskForm):
    """Email address and password: the first step of signing in."""

    email = EmailField(
        "Email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password"),
            Length(max=256, message="Password must be 256 characters or fewer"),
        ],
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        "Security code",
        validators=[
            DataRequired("Enter the security code"),
            Length(max=32, message="Security code must be 32 characters or fewer"),
        ],
        description=(
            "The 6-digit code your authenticator app shows now, or one of your "
            "recovery codes."
        ),
    )


class SetupForm(FlaskForm):
    """The first code from a newly set-up authenticator app."""

    code = StringField(
        "Code from your authenticator app",
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app"),
            Length(max=32, message="Security code must be 32 characters or fewer"),
        ],
        description="Enter the 6-digit code the app shows after you add the account.",
    )


class FilterForm(FlaskForm):
    """Queue filters; they travel in the address, so they are never personal."""

    class Meta:
        csrf = False

    outcome = RadioField(
        "Outcome",
        choices=OUTCOME_CHOICES,
        default="",
        validate_choice=False,
        validators=[
            AnyOf(
                OUTCOME_VALUES,
                message="Select an outcome from the list",
            )
        ],
    )
    status = RadioField(
        "Review status",
        choices=STATUS_CHOICES,
        default="",
        validate_choice=False,
        validators=[
            AnyOf(
                STATUS_VALUES,
                message="Select a review status from the list",
            )
        ],
    )
    after = HiddenField()


class SearchForm(FlaskForm):
    """A search term is personal data: it is sent in a POST body, never a URL."""

    q = StringField(
        "Search by reference, name or email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter a reference, name or email address to search for"),
            Length(max=254, message="Search must be 254 characters or fewer"),
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
            Length(
                max=NOTE_MAX, message=f"Note must be {NOTE_MAX} characters or fewer"
            ),
        ],
        description="Say why, and what happens next. The patient does not see this.",
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
    before = HiddenField()
