"""Sign-in, two-factor and sign-out pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..infra.extensions import db
from ..infra.ratelimits import limit_staff_login
from ..services.audit import Event, record
from ..services.auth.flow import (
    after_password,
    cancel_second_step,
    check_second_factor,
    complete_sign_in,
    pending_staff,
    safe_next,
)
from ..services.auth.login import check_password, is_locked, record_failure
from ..services.auth.sessions import sign_out
from ..services.auth.twofactor import confirm_setup, provisioning_uri, qr_code_data_uri
from . import bp
from .forms import CodeForm, LoginForm, SetupForm

SIGN_IN_FAILED = (
    "Sign-in failed: check your email address and password. After {attempts} "
    "failed attempts an account is locked for {minutes} minutes."
)
WRONG_CODE = (
    "That code is not right or has been used. Enter the code your app shows "
    "now, or an unused recovery code."
)


def sign_in_failed() -> str:
    """Return the one message for every failed sign-in, whatever the cause."""
    return SIGN_IN_FAILED.format(
        attempts=current_app.config["STAFF_LOCKOUT_ATTEMPTS"],
        minutes=current_app.config["STAFF_LOCKOUT_MINUTES"],
    )


@bp.route("/login", methods=["GET", "POST"])
@limit_staff_login
def login():
    """Check the email address and password, then ask for the second factor."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for(".work_queue"))
    form = LoginForm()
    if form.validate_on_submit():
        staff = check_password(form.email.data, form.password.data)
        if staff is not None:
            target = after_password(staff, safe_next(request.args.get("next")))
            return redirect(target, code=303)
        form.email.errors.append(sign_in_failed())
    return render_template("staff/login.html", form=form)


def code_refused(staff) -> object | None:
    """Count a wrong code; return a redirect to the login page if now locked."""
    record_failure(staff, "bad-code")
    if is_locked(staff):
        cancel_second_step()
        flash(sign_in_failed())
        return redirect(url_for(".login"), code=303)
    return None


@bp.route("/login/code", methods=["GET", "POST"])
@limit_staff_login
def login_code():
    """Ask for the authenticator code (or a recovery code) after the password."""
    staff = pending_staff()
    if staff is None or not staff.has_two_factor:
        return redirect(url_for(".login"), code=303)
    form = CodeForm()
    if form.validate_on_submit():
        method = check_second_factor(staff, form.code.data)
        if method:
            return redirect(complete_sign_in(staff, method), code=303)
        locked = code_refused(staff)
        if locked:
            return locked
        form.code.errors.append(WRONG_CODE)
    return render_template("staff/login_code.html", form=form)


@bp.route("/login/two-factor-setup", methods=["GET", "POST"])
@limit_staff_login
def login_setup():
    """Set up the authenticator app at first sign-in; show recovery codes once."""
    staff = pending_staff()
    if staff is None or staff.has_two_factor or staff.totp_secret is None:
        return redirect(url_for(".login"), code=303)
    form = SetupForm()
    if form.validate_on_submit():
        codes = confirm_setup(staff, form.code.data)
        if codes is not None:
            record(Event.TWO_FACTOR_ENABLED, staff_id=staff.id)
            target = complete_sign_in(staff, "totp")
            # Shown in this response, not after a redirect: the codes must
            # never travel in a cookie. A reload re-posts a used code: refused.
            return render_template(
                "staff/recovery_codes.html", codes=codes, next_path=target
            )
        locked = code_refused(staff)
        if locked:
            return locked
        form.code.errors.append(WRONG_CODE)
    return render_template(
        "staff/setup.html",
        form=form,
        qr_code=qr_code_data_uri(provisioning_uri(staff)),
        secret=staff.totp_secret,
    )


@bp.post("/logout")
def logout():
    """End the session on the server, so a copy of the cookie is useless too."""
    record(Event.LOGOUT, staff_id=current_user.id)
    sign_out(current_user)
    db.session.commit()
    flash("You have signed out.")
    return redirect(url_for(".login"), code=303)
