"""Forms of the accounts pages: invite a member, confirm an action, set up."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..fields import EMAIL_MAX, FREE_TEXT, at_most
from ..rules.text import N_
from .forms import STRONG_PASSWORD, password_field


class InviteForm(FlaskForm):
    """A new member's email address and whether they are an admin."""

    email = EmailField(
        lazy_gettext("Their email address"),
        filters=FREE_TEXT,
        validators=[
            DataRequired(lazy_gettext("Enter the new member's email address")),
            at_most(EMAIL_MAX, N_("Email address")),
        ],
        description=lazy_gettext(
            "They receive a one-time link there to choose their password."
        ),
    )
    admin = BooleanField(
        lazy_gettext("Make them an admin"),
        description=lazy_gettext(
            "Admins manage accounts, read the audit log and download data."
        ),
    )


class ConfirmForm(FlaskForm):
    """The confirmation step of an account action: only its CSRF token."""


class SetupPasswordForm(FlaskForm):
    """The password a new member chooses, typed twice."""

    new_password = password_field(
        N_("Choose a password"),
        lazy_gettext("Choose a password"),
        STRONG_PASSWORD,
    )
    confirm_password = PasswordField(
        lazy_gettext("Type the password again"),
        validators=[
            DataRequired(lazy_gettext("Type the password again")),
            EqualTo(
                "new_password", message=lazy_gettext("The two passwords must match")
            ),
        ],
    )
