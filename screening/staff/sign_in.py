"""Sign-in, two-factor and sign-out pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user

from ..infra.ratelimits import limit_staff_login
from ..infra.transactions import unit_of_work
from ..services.audit import Event, record
from ..services.auth.flow import (
    after_password,
    cancel_second_step,
    check_second_factor,
    complete_sign_in,
    pending_staff,
    safe_next,
)
from ..services.auth.hashing import SignInBusy, hashing_slot
from ..services.auth.login import (
    admit,
    is_locked,
    record_failure,
    refuse,
    settle,
    verify,
)
from ..services.auth.passwords import spend_hashing_time
from ..services.auth.sessions import sign_out
from ..services.auth.twofactor import confirm_setup, provisioning_uri, qr_code_data_uri
from . import bp
from .forms import CodeForm, LoginForm, SetupForm

WRONG_CODE = lazy_gettext(
    "That code is not right or has been used. Enter the code your app shows "
    "now, or an unused recovery code."
)


def sign_in_failed() -> str:
    """Return the one message for every failed sign-in, whatever the cause."""
    return gettext(
        "Sign-in failed: check your email address and password. After "
        "%(attempts)s failed attempts an account is locked for %(minutes)s minutes.",
        attempts=current_app.config["STAFF_LOCKOUT_ATTEMPTS"],
        minutes=current_app.config["STAFF_LOCKOUT_MINUTES"],
    )


def check_password(email: str, password: str):
    """Return the account when the password is right and it may sign in.

    Each step commits on its own: the attempt is counted (and so seen by
    concurrent attempts) before the hash is checked. Unknown, disabled and
    waiting accounts cost a hash verification too, so the answer time tells
    nothing. Raises SignInBusy (429) when every hashing slot is taken.
    """
    with hashing_slot() as free:
        if not free:
            with unit_of_work(write=True):
                refuse(email, "busy")
            raise SignInBusy
        with unit_of_work(write=True):
            staff, admission = admit(email)
        if admission is None:
            spend_hashing_time(password)
            return None
        matched, rehashed = verify(staff, password)
    with unit_of_work(write=True):
        settle(staff, admission, matched, rehashed)
    return staff if matched else None


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
            with unit_of_work(write=True):
                target = after_password(staff, safe_next(request.args.get("next")))
            return redirect(target, code=303)
        form.email.errors.append(sign_in_failed())
    return render_template("staff/login.html", form=form)


def code_refused(staff) -> object | None:
    """Count a wrong code; return a redirect to the login page if now locked."""
    with unit_of_work(write=True):
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
        with unit_of_work(write=True):
            method = check_second_factor(staff, form.code.data)
            target = method and complete_sign_in(staff, method)
        if target:
            return redirect(target, code=303)
        locked = code_refused(staff)
        if locked:
            return locked
        form.code.errors.append(str(WRONG_CODE))
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
        with unit_of_work(write=True):
            codes = confirm_setup(staff, form.code.data)
            if codes is not None:
                record(Event.TWO_FACTOR_ENABLED, staff_id=staff.id)
                target = complete_sign_in(staff, "totp")
        if codes is not None:
            # Shown in this response, not after a redirect: the codes must
            # never travel in a cookie. A reload re-posts a used code: refused.
            return render_template(
                "staff/recovery_codes.html", codes=codes, next_path=target
            )
        locked = code_refused(staff)
        if locked:
            return locked
        form.code.errors.append(str(WRONG_CODE))
    return render_template(
        "staff/setup.html",
        form=form,
        qr_code=qr_code_data_uri(provisioning_uri(staff)),
        secret=staff.totp_secret,
    )


@bp.post("/logout")
def logout():
    """End the session on the server, so a copy of the cookie is useless too."""
    with unit_of_work():
        record(Event.LOGOUT, staff_id=current_user.id)
        sign_out(current_user)
    flash(gettext("You have signed out."))
    return redirect(url_for(".login"), code=303)
