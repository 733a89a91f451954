"""Staff accounts for admins in the browser, and the new member's set-up page.

Each action has a confirmation page (GET) whose form does it (POST);
every action is audited and commits in the view. The set-up link made
for a new member is shown once, in the answer to the POST that made it,
marked no-store: it is kept nowhere it could be shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user

from ..infra.extensions import db
from ..infra.languages import translated
from ..models import StaffMember
from ..services.auth import team
from ..services.auth.accounts import AccountError
from . import admin_required, bp
from .account_forms import ConfirmForm, InviteForm, SetupPasswordForm
from .admin_pages import all_staff


@dataclass(frozen=True)
class Action:
    """One thing an admin can do to an account, with its words."""

    button: str
    question: str  # "%(email)s" for the member's address
    explanation: str
    done: str  # "%(email)s" for the member's address
    run: Callable[[StaffMember, StaffMember], object]


ACTIONS = {
    "disable": Action(
        lazy_gettext("Disable account"),
        lazy_gettext("Disable %(email)s?"),
        lazy_gettext(
            "They are signed out everywhere at once and cannot sign in until an "
            "admin enables the account again."
        ),
        lazy_gettext("%(email)s is disabled and signed out everywhere."),
        team.disable_member,
    ),
    "enable": Action(
        lazy_gettext("Enable account"),
        lazy_gettext("Enable %(email)s again?"),
        lazy_gettext("They can sign in again with their password and two-factor."),
        lazy_gettext("%(email)s can sign in again."),
        team.enable_member,
    ),
    "reset-two-factor": Action(
        lazy_gettext("Reset two-factor"),
        lazy_gettext("Reset two-factor sign-in for %(email)s?"),
        lazy_gettext(
            "Their authenticator and recovery codes stop working and they are signed "
            "out; they set up two-factor again at their next sign-in."
        ),
        lazy_gettext("%(email)s sets up two-factor again at their next sign-in."),
        team.reset_member_two_factor,
    ),
    "make-admin": Action(
        lazy_gettext("Make admin"),
        lazy_gettext("Make %(email)s an admin?"),
        lazy_gettext("Admins manage accounts, read the audit log and download data."),
        lazy_gettext("%(email)s is now an admin."),
        lambda staff, by: team.set_admin(staff, True, by),
    ),
    "remove-admin": Action(
        lazy_gettext("Remove admin rights"),
        lazy_gettext("Remove admin rights from %(email)s?"),
        lazy_gettext("They keep their account and can still review screenings."),
        lazy_gettext("%(email)s is no longer an admin."),
        lambda staff, by: team.set_admin(staff, False, by),
    ),
    "send-link": Action(
        lazy_gettext("Send a new set-up link"),
        lazy_gettext("Send %(email)s a new set-up link?"),
        lazy_gettext("Use this when their link expired before they chose a password."),
        lazy_gettext("A new set-up link was sent to %(email)s."),
        team.send_setup_link,
    ),
}


def refusal(refused: AccountError) -> str:
    """Return why an account change was refused, in the reader's language.

    Without its full stop: form errors have none.
    """
    return translated(refused.words).rstrip(".")


def member_or_404(staff_id: int) -> StaffMember:
    """Return the account with this id, or answer 404."""
    staff = db.session.get(StaffMember, staff_id)
    if staff is None:
        abort(404)
    return staff


def render_accounts(form: InviteForm, status: int = 200, link: str | None = None):
    """Render the accounts list with the invitation form (and a new link, once)."""
    page = render_template(
        "staff/accounts.html", staff=all_staff(), form=form, new_link=link
    )
    response = make_response(page, status)
    if link:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/accounts")
@admin_required
def accounts():
    """List staff accounts with their role, two-factor and state, and invite."""
    return render_accounts(InviteForm(formdata=None))


@bp.post("/accounts")
@admin_required
def invite():
    """Create an account and send its one-time set-up link."""
    form = InviteForm()
    if not form.validate_on_submit():
        return render_accounts(form)
    try:
        _, link = team.invite_staff(
            form.email.data, current_user, admin=form.admin.data
        )
    except AccountError as refused:
        form.email.errors.append(refusal(refused))
        return render_accounts(form)
    db.session.commit()
    return render_accounts(InviteForm(formdata=None), link=link)


@bp.route("/accounts/<int:staff_id>/<action>", methods=["GET", "POST"])
@admin_required
def account_action(staff_id: int, action: str):
    """Confirm an account action, then do it, audit it and go back to the list."""
    chosen = ACTIONS.get(action) or abort(404)
    staff = member_or_404(staff_id)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            chosen.run(staff, current_user)
        except AccountError as refused:
            db.session.rollback()
            problem = refusal(refused) + "."
        else:
            db.session.commit()
            flash(str(chosen.done) % {"email": staff.email})
            return redirect(url_for(".accounts"), code=303)
    return render_template(
        "staff/account_action.html",
        action=chosen,
        name=action,
        member=staff,
        form=form,
        problem=problem,
    )


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup_account(token: str):
    """Let a new member choose their password with their one-time link."""
    link = team.usable_link(token)
    if link is None:
        return render_template("staff/setup_link_invalid.html"), 404
    form = SetupPasswordForm()
    if form.validate_on_submit():
        try:
            team.use_setup_link(link, form.new_password.data)
        except AccountError as refused:
            form.new_password.errors.append(refusal(refused))
        else:
            db.session.commit()
            flash(
                gettext("Your password is set. Sign in to set up two-factor sign-in.")
            )
            return redirect(url_for(".login"), code=303)
    return render_template(
        "staff/setup_account.html", form=form, email=link.staff.email
    )
