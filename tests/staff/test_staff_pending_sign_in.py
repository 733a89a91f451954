"""A half-finished sign-in is bound to the credentials it started from.

Issue 12, point 2: a cookie held at the code step must not finish signing
in, nor enrol another authenticator, once an admin resets the password or
the two-factor set-up, or disables the account. Point 5: each sign-in
reaching set-up gets its own key, and only that sign-in can confirm it.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from support.staff import next_totp_code

from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth.twofactor import confirm_setup, draw_setup_key

NEW_PASSWORD = "an entirely new passphrase"
ADMIN_ACTIONS = {
    "reset-password": f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    "reset-two-factor": None,
    "disable-staff": None,
}


def enter_password(client, account) -> str:
    """Do the password step; return where the site sends the browser next."""
    response = client.post(
        "/staff/login", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 303
    return response.location


def setup_key(client) -> str:
    """Return the key the set-up page shows this browser."""
    page = client.get("/staff/login/two-factor-setup")
    assert page.status_code == 200, page.location
    return re.search(r"<code>([A-Z2-7]{32})</code>", page.get_data(as_text=True))[1]


def admin_runs(runner, action: str, email: str) -> None:
    result = runner.invoke(args=[action, email], input=ADMIN_ACTIONS[action])
    assert result.exit_code == 0, result.output


def stored(app, account) -> StaffMember:
    with app.app_context():
        staff = db.session.get(StaffMember, account.id)
        db.session.expunge(staff)
        return staff


@pytest.mark.parametrize("action", sorted(ADMIN_ACTIONS))
def test_a_cookie_held_at_the_code_step_cannot_finish_after_an_admin_action(
    app, runner, staff_member, action
):
    attacker = app.test_client()
    assert enter_password(attacker, staff_member) == "/staff/login/code"
    code = next_totp_code(app, staff_member)
    admin_runs(runner, action, staff_member.email)

    finished = attacker.post("/staff/login/code", data={"code": code})
    assert finished.location == "/staff/login"
    enrol = attacker.get("/staff/login/two-factor-setup")
    assert enrol.location == "/staff/login"
    assert attacker.get("/staff/").status_code == 401


def test_a_cookie_held_at_set_up_cannot_enrol_after_a_password_reset(
    app, runner, make_staff
):
    account = make_staff("new@clinic.example", two_factor=False)
    attacker = app.test_client()
    assert enter_password(attacker, account) == "/staff/login/two-factor-setup"
    key = setup_key(attacker)
    admin_runs(runner, "reset-password", account.email)

    enrolled = attacker.post(
        "/staff/login/two-factor-setup", data={"code": pyotp.TOTP(key).now()}
    )
    assert enrolled.location == "/staff/login"
    assert attacker.get("/staff/").status_code == 401
    assert not stored(app, account).has_two_factor


def test_each_sign_in_reaching_set_up_gets_a_new_key_and_ends_the_earlier_one(
    app, make_staff
):
    account = make_staff("new@clinic.example", two_factor=False)
    attacker, member = app.test_client(), app.test_client()
    enter_password(attacker, account)
    seen_by_attacker = setup_key(attacker)
    enter_password(member, account)
    seen_by_member = setup_key(member)
    assert seen_by_member != seen_by_attacker

    # The earlier sign-in no longer sees any key, and cannot confirm one:
    # not the key it saw, nor even the current key if it learnt it.
    assert attacker.get("/staff/login/two-factor-setup").location == "/staff/login"
    for key in (seen_by_attacker, seen_by_member):
        refused = attacker.post(
            "/staff/login/two-factor-setup", data={"code": pyotp.TOTP(key).now()}
        )
        assert refused.location == "/staff/login"
    assert not stored(app, account).has_two_factor

    confirmed = member.post(
        "/staff/login/two-factor-setup",
        data={"code": pyotp.TOTP(seen_by_member).now()},
    )
    assert "Save your recovery codes" in confirmed.get_data(as_text=True)
    assert stored(app, account).totp_secret == seen_by_member


def test_a_key_seen_before_a_newer_sign_in_never_turns_two_factor_on(
    app, make_staff, clock
):
    account = make_staff("new@clinic.example", two_factor=False)
    attacker, member = app.test_client(), app.test_client()
    enter_password(attacker, account)
    old_key = setup_key(attacker)
    enter_password(member, account)
    # A fresh sign-in with the password is needed to try again, which
    # draws yet another key: the one seen earlier stays useless.
    enter_password(attacker, account)
    clock.advance(seconds=30)
    refused = attacker.post(
        "/staff/login/two-factor-setup",
        data={"code": pyotp.TOTP(old_key).at(clock.now())},
    )
    assert refused.status_code == 200
    assert "That code is not right" in refused.get_data(as_text=True)
    assert not stored(app, account).has_two_factor


def test_every_admin_action_bumps_the_credentials_version(app, runner, staff_member):
    versions = [stored(app, staff_member).credentials_version]
    for action in ("reset-password", "reset-two-factor", "disable-staff"):
        admin_runs(runner, action, staff_member.email)
        versions.append(stored(app, staff_member).credentials_version)
    assert versions == sorted(set(versions))


def test_confirming_applies_only_to_the_key_drawn_for_this_sign_in(app, make_staff):
    account = make_staff("new@clinic.example", two_factor=False)
    enter_password(app.test_client(), account)
    with app.app_context():
        # As this sign-in's request loaded it...
        staff = db.session.get(StaffMember, account.id)
        code = pyotp.TOTP(staff.totp_secret).now()
        db.session.expunge(staff)
        db.session.rollback()
        # ...another sign-in draws a new key before this one confirms.
        draw_setup_key(db.session.get(StaffMember, account.id))
        assert confirm_setup(staff, code) is None
        db.session.commit()
    assert not stored(app, account).has_two_factor
