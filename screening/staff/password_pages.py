"""A staff member changes their own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from ..infra.extensions import db
from ..infra.ratelimits import limit_staff_login
from ..services.auth.accounts import (
    AccountError,
    WrongCurrentPassword,
    change_own_password,
)
from . import bp
from .account_pages import refusal
from .forms import ChangePasswordForm


@bp.route("/password", methods=["GET", "POST"])
@limit_staff_login
def change_password():
    """Check the current password, set the new one and end every other session."""
    staff = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(
                staff, form.current_password.data, form.new_password.data
            )
        except AccountError as refused:
            db.session.commit()  # a wrong current password is audited
            wrong = isinstance(refused, WrongCurrentPassword)
            field = form.current_password if wrong else form.new_password
            field.errors.append(refusal(refused))
        else:
            db.session.commit()
            flash(
                gettext(
                    "Your password has been changed. Your other sessions were ended."
                )
            )
            return redirect(url_for(".work_queue"), code=303)
    return render_template(
        "staff/change_password.html",
        form=form,
        must_change=staff.must_change_password,
    )
