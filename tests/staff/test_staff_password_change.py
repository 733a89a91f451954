"""Staff change their own password; a password an admin chose must be changed.

ASVS 2.1.5 (users can change their password) and 2.1.6 (the current
password is required); issue 12, point 8.
"""

from __future__ import annotations

import pytest
from support.staff import STAFF_PASSWORD, StaffAccount

from screening.infra.extensions import db
from screening.models import AuditEvent, StaffMember

OWN_PASSWORD = "my own chosen lighthouse words"
ADMIN_PASSWORD = "an admin typed this passphrase"


def change(client, current, new, confirm=None):
    return client.post(
        "/staff/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def events(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        rows = db.session.execute(db.select(AuditEvent.event, AuditEvent.staff_id))
        return [tuple(row) for row in rows]


def must_change(app, account) -> bool:
    with app.app_context():
        return db.session.get(StaffMember, account.id).must_change_password


def test_the_page_asks_for_the_current_password_and_the_new_one_twice(
    staff_client, page
):
    form = page(staff_client.get("/staff/password"))
    assert form.title.get_text(strip=True).startswith("Change your password")
    types = {field["name"]: field["type"] for field in form.select("form input")}
    assert types == {
        "csrf_token": "hidden",
        "current_password": "password",
        "new_password": "password",
        "confirm_password": "password",
    }
    assert form.select_one('a[href="/staff/password"]')


def test_changing_ends_every_other_session_keeps_this_one_and_is_audited(
    app, login, staff_member, clock
):
    this, other = app.test_client(), app.test_client()
    assert login(this, staff_member).status_code == 303
    assert login(other, staff_member).status_code == 303

    changed = change(this, STAFF_PASSWORD, OWN_PASSWORD)
    assert changed.location == "/staff/"
    assert this.get("/staff/").status_code == 200
    assert other.get("/staff/").status_code == 401
    assert ("staff.password_changed", staff_member.id) in events(app)

    renewed = StaffAccount(
        staff_member.id, staff_member.email, OWN_PASSWORD, staff_member.totp_secret
    )
    assert login(app.test_client(), staff_member).status_code == 200
    clock.advance(minutes=1)  # the two sign-ins above used this minute's codes
    assert login(app.test_client(), renewed).location == "/staff/"


def test_a_wrong_current_password_changes_nothing_and_is_audited(
    app, staff_client, staff_member, page
):
    refused = change(staff_client, "not my password at all", OWN_PASSWORD)
    assert refused.status_code == 200
    form = page(refused)
    assert form.title.get_text(strip=True).startswith("Error:")
    assert "Your current password is not right" in form.get_text()
    assert ("staff.password_change_refused", staff_member.id) in events(app)
    assert ("staff.password_changed", staff_member.id) not in events(app)
    with app.app_context():
        stored = db.session.get(StaffMember, staff_member.id).password_hash
    assert change(staff_client, STAFF_PASSWORD, OWN_PASSWORD).status_code == 303
    with app.app_context():
        assert db.session.get(StaffMember, staff_member.id).password_hash != stored


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short words", None, "at least 12 characters"),
        ("password12345", None, "too common"),
        (STAFF_PASSWORD, None, "different from your current one"),
        (OWN_PASSWORD, "something else entirely", "The two new passwords must match"),
    ],
)
def test_a_new_password_must_follow_the_rules(
    app, staff_client, staff_member, new, confirm, message
):
    refused = change(staff_client, STAFF_PASSWORD, new, confirm)
    assert refused.status_code == 200
    assert message in refused.get_data(as_text=True)
    assert ("staff.password_changed", staff_member.id) not in events(app)


def test_changing_needs_a_signed_in_member(client):
    assert change(client, STAFF_PASSWORD, OWN_PASSWORD).status_code == 401


def test_a_created_account_must_choose_its_own_password_before_anything_else(
    app, runner, login, make_staff, screening_factory
):
    created = runner.invoke(
        args=["create-staff", "new@clinic.example"],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    with app.app_context():
        staff = db.session.scalar(
            db.select(StaffMember).filter_by(email="new@clinic.example")
        )
        assert staff.must_change_password
        # As if two-factor were set up: this test is about the password.
        staff.totp_secret, staff.totp_confirmed_at = (
            "JBSWY3DPEHPK3PXP" * 2,
            staff.created_at,
        )
        db.session.commit()
        account = StaffAccount(staff.id, staff.email, ADMIN_PASSWORD, staff.totp_secret)
    reference = screening_factory()
    client = app.test_client()
    assert login(client, account).status_code == 303

    for path in ("/staff/", f"/staff/screenings/{reference}", "/staff/audit"):
        assert client.get(path).location == "/staff/password", path
    decided = client.post(
        f"/staff/screenings/{reference}/decisions",
        data={"kind": "eligible", "note": "Fine."},
    )
    assert decided.location == "/staff/password"
    assert "Choose your own before you continue" in client.get(
        "/staff/password"
    ).get_data(as_text=True)

    assert change(client, ADMIN_PASSWORD, OWN_PASSWORD).location == "/staff/"
    assert not must_change(app, account)
    assert client.get("/staff/").status_code == 200


def test_after_an_admin_reset_the_member_must_choose_again(
    app, runner, login, staff_member
):
    assert not must_change(app, staff_member)
    reset = runner.invoke(
        args=["reset-password", staff_member.email],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )
    assert reset.exit_code == 0, reset.output
    assert must_change(app, staff_member)
    client = app.test_client()
    account = StaffAccount(
        staff_member.id, staff_member.email, ADMIN_PASSWORD, staff_member.totp_secret
    )
    assert login(client, account).status_code == 303
    assert client.get("/staff/").location == "/staff/password"
    assert client.post("/staff/logout").location == "/staff/login"
