"""Forms of the accounts pages: invite a member, confirm an action, set up."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..fields import EMAIL_MAX, FREE_TEXT, at_most
from .forms import password_field


class InviteForm(FlaskForm):
    """A new member's email address and whether they are an admin."""

    email = EmailField(
        "Their email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter the new member's email address"),
            at_most(EMAIL_MAX, "Email address"),
        ],
        description="They receive a one-time link there to choose their password.",
    )
    admin = BooleanField(
        "Make them an admin",
        description="Admins manage accounts, read the audit log and download data.",
    )


class ConfirmForm(FlaskForm):
    """The confirmation step of an account action: only its CSRF token."""


class SetupPasswordForm(FlaskForm):
    """The password a new member chooses, typed twice."""

    new_password = password_field(
        "Choose a password",
        "Choose a password",
        "At least 12 characters. A few unrelated words make a strong password.",
    )
    confirm_password = PasswordField(
        "Type the password again",
        validators=[
            DataRequired("Type the password again"),
            EqualTo("new_password", message="The two passwords must match"),
        ],
    )
