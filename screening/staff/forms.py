"""Staff forms: sign-in, two-factor, queue filters and search, decisions.

Labels, hints and messages are ``lazy_gettext``: the class is made once, at
import, and each page reads them in its reader's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext
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
from ..rules.text import N_

# SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices.
OUTCOME_CHOICES = [
    SelectChoice("", lazy_gettext("All")),
    SelectChoice(Outcome.NEEDS_REVIEW, lazy_gettext("Needs review")),
    SelectChoice(Outcome.ELIGIBLE, lazy_gettext("Eligible")),
    SelectChoice(Outcome.NOT_ELIGIBLE, lazy_gettext("Not eligible")),
]
STATUS_CHOICES = [
    SelectChoice("", lazy_gettext("All")),
    SelectChoice(ReviewStatus.NEW, lazy_gettext("New")),
    SelectChoice(ReviewStatus.DECIDED, lazy_gettext("Decided")),
]
OUTCOME_VALUES = [choice.value for choice in OUTCOME_CHOICES]
STATUS_VALUES = [choice.value for choice in STATUS_CHOICES]
NOTE_MAX = 2000
STRONG_PASSWORD = lazy_gettext(
    "At least 12 characters. A few unrelated words make a strong password."
)


def listed_filter(label, choices: list[SelectChoice], message) -> RadioField:
    """Return a queue filter that takes one of its listed values ("" for all)."""
    return RadioField(
        label,
        choices=choices,
        default="",
        validate_choice=False,
        validators=[AnyOf([choice.value for choice in choices], message=message)],
    )


def security_code(label, missing, hint) -> StringField:
    """Return a required field for a code from the app or a recovery code."""
    return StringField(
        label,
        validators=[DataRequired(missing), at_most(32, N_("Security code"))],
        description=hint,
    )


class LoginForm(FlaskForm):
    """Email address and password: the first step of signing in."""

    email = email_address()
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            DataRequired(lazy_gettext("Enter your password")),
            at_most(256, N_("Password")),
        ],
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = security_code(
        lazy_gettext("Security code"),
        lazy_gettext("Enter the security code"),
        lazy_gettext(
            "The 6-digit code your authenticator app shows now, or one of your "
            "recovery codes."
        ),
    )


class SetupForm(FlaskForm):
    """The first code from a newly set-up authenticator app."""

    code = security_code(
        lazy_gettext("Code from your authenticator app"),
        lazy_gettext("Enter the 6-digit code from your authenticator app"),
        lazy_gettext("Enter the 6-digit code the app shows after you add the account."),
    )


def password_field(label: str, missing, hint="") -> PasswordField:
    """Return a required password field with a length limit.

    ``label`` is English marked with ``N_``: the page shows it translated.
    """
    return PasswordField(
        lazy_gettext(label),
        validators=[DataRequired(missing), at_most(256, label)],
        description=hint,
    )


class ChangePasswordForm(FlaskForm):
    """A member's current password and the new one, typed twice."""

    current_password = password_field(
        N_("Current password"), lazy_gettext("Enter your current password")
    )
    new_password = password_field(
        N_("New password"),
        lazy_gettext("Enter a new password"),
        STRONG_PASSWORD,
    )
    confirm_password = PasswordField(
        lazy_gettext("Confirm new password"),
        validators=[
            DataRequired(lazy_gettext("Enter the new password again")),
            EqualTo(
                "new_password", message=lazy_gettext("The two new passwords must match")
            ),
        ],
    )


class FilterForm(FlaskForm):
    """Queue filters; they travel in the address, so they are never personal."""

    class Meta:
        csrf = False

    outcome = listed_filter(
        lazy_gettext("Outcome"),
        OUTCOME_CHOICES,
        lazy_gettext("Select an outcome from the list"),
    )
    status = listed_filter(
        lazy_gettext("Review status"),
        STATUS_CHOICES,
        lazy_gettext("Select a review status from the list"),
    )
    after = HiddenField()


class SearchForm(FlaskForm):
    """A search term is personal data: it is sent in a POST body, never a URL."""

    q = StringField(
        lazy_gettext("Search by reference, name or email address"),
        filters=FREE_TEXT,
        validators=[
            DataRequired(
                lazy_gettext("Enter a reference, name or email address to search for")
            ),
            at_most(254, N_("Search")),
        ],
        description=lazy_gettext("A reference or an email address must match exactly."),
    )
    outcome = HiddenField(validators=[AnyOf(OUTCOME_VALUES)], default="")
    status = HiddenField(validators=[AnyOf(STATUS_VALUES)], default="")
    after = HiddenField()


class DecisionForm(FlaskForm):
    """A staff member's decision on a screening, with a note."""

    kind = RadioField(
        lazy_gettext("Decision"),
        # The labels are marked where they are defined (models/screening.py).
        choices=[
            SelectChoice(str(kind), lazy_gettext(kind.label)) for kind in DecisionKind
        ],
        validate_choice=False,
        validators=[
            InputRequired(lazy_gettext("Select a decision")),
            AnyOf(
                [str(kind) for kind in DecisionKind],
                message=lazy_gettext("Select a decision"),
            ),
        ],
    )
    note = TextAreaField(
        lazy_gettext("Note"),
        filters=FREE_TEXT,
        validators=[
            DataRequired(lazy_gettext("Enter a note about your decision")),
            at_most(NOTE_MAX, N_("Note")),
        ],
        description=lazy_gettext(
            "Say why, and what happens next. The patient does not see this."
        ),
    )
    confirm_override = BooleanField(
        lazy_gettext(
            "I am approving this screening although the rules found it not eligible"
        ),
        description=lazy_gettext(
            "Needed only to approve a not-eligible screening: an override. "
            "Give the clinical reason in the note."
        ),
    )


class AuditFilterForm(FlaskForm):
    """Audit log filters: a staff member and a screening reference."""

    class Meta:
        csrf = False

    staff = SelectField(lazy_gettext("Staff member"), choices=[], validate_choice=False)
    screening = StringField(
        lazy_gettext("Screening reference"),
        filters=FREE_TEXT,
        validators=[
            Optional(),
            Length(max=16, message=lazy_gettext("Enter a screening reference")),
        ],
        description=lazy_gettext("For example MS-ABCDE-23456."),
    )
    since = DateField(
        lazy_gettext("From"),
        validators=[Optional()],
        description=lazy_gettext("The first day to show, in the clinic's time zone."),
    )
    until = DateField(
        lazy_gettext("To"),
        validators=[Optional()],
        description=lazy_gettext("The last day to show."),
    )
    before = HiddenField()

    def validate_until(self, field) -> None:
        """Refuse a range that ends before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(
                lazy_gettext("The end date must be on or after the start date")
            )
