"""Admins manage staff accounts in the browser; new members set up by a link."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select
from support.pages import csrf_token_in

from screening.infra.extensions import db
from screening.models import AuditEvent, OutboxMessage, StaffMember

NEW_PASSWORD = "lanterns over the quiet river"  # noqa: S105 (a test's)


def invite(client, email: str, admin: bool = False):
    """Fill in the accounts page's form, as a browser would (CSRF included)."""
    page = client.get("/staff/accounts").text
    data = {"email": email, "csrf_token": csrf_token_in(page)}
    if admin:
        data["admin"] = "y"
    return client.post("/staff/accounts", data=data)


def act(client, staff_id: int, action: str):
    """Open an action's confirmation page and press its button."""
    url = f"/staff/accounts/{staff_id}/{action}"
    confirm = client.get(url)
    assert confirm.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token_in(confirm.text)})


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    """Open a set-up link and choose a password on it."""
    path = link.removeprefix("http://localhost")
    page = client.get(path)
    if page.status_code != 200:
        return page
    return client.post(
        path,
        data={
            "new_password": password,
            "confirm_password": password,
            "csrf_token": csrf_token_in(page.text),
        },
    )


def member(app, email: str) -> StaffMember:
    with app.app_context():
        return db.session.scalar(select(StaffMember).filter_by(email=email))


def events(app) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(row.event, row.detail) for row in rows]


@pytest.fixture
def admin(csrf_app, login, make_staff):
    """Return a browser signed in as an admin, on an app that checks CSRF."""
    account = make_staff("admin@clinic.example", admin=True)
    client = csrf_app.test_client()
    assert login(client, account).status_code == 303
    return client


def test_an_admin_adds_a_member_who_chooses_a_password_with_a_one_time_link(
    csrf_app, admin, clock
):
    created = invite(admin, "new.nurse@clinic.example")
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    shown = unescape(
        re.search(r'<code class="setup-link">([^<]+)</code>', created.text)[1]
    )
    assert shown.startswith("http://localhost/staff/setup/")
    with csrf_app.app_context():
        [email] = db.session.scalars(select(OutboxMessage)).all()
        assert email.recipient == "new.nurse@clinic.example"
        assert shown in email.payload["text"]
    # The link is shown once: the accounts page does not show it again.
    assert shown not in admin.get("/staff/accounts").text
    created_member = member(csrf_app, "new.nurse@clinic.example")
    assert not created_member.is_admin and not created_member.has_two_factor

    newcomer = csrf_app.test_client()
    chosen = choose_password(newcomer, shown)
    assert (chosen.status_code, chosen.location) == (303, "/staff/login")
    # Single use: the same link, opened again, no longer works.
    assert choose_password(csrf_app.test_client(), shown).status_code == 404
    page = newcomer.get("/staff/login").text
    signed = newcomer.post(
        "/staff/login",
        data={
            "email": "new.nurse@clinic.example",
            "password": NEW_PASSWORD,
            "csrf_token": csrf_token_in(page),
        },
    )
    assert signed.location == "/staff/login/two-factor-setup"
    recorded = [event for event, _ in events(csrf_app)]
    for expected in ("staff.created", "staff.setup_link_sent", "staff.setup_link_used"):
        assert expected in recorded


def test_a_set_up_link_expires(csrf_app, admin, clock):
    created = invite(admin, "late@clinic.example")
    link = unescape(
        re.search(r'<code class="setup-link">([^<]+)</code>', created.text)[1]
    )
    clock.advance(hours=72, seconds=1)
    expired = choose_password(csrf_app.test_client(), link)
    assert expired.status_code == 404
    assert "This set-up link does not work" in expired.text


def test_a_set_up_link_refuses_a_weak_password_and_stays_usable(csrf_app, admin):
    created = invite(admin, "weak@clinic.example")
    link = unescape(
        re.search(r'<code class="setup-link">([^<]+)</code>', created.text)[1]
    )
    refused = choose_password(csrf_app.test_client(), link, "letmein12345")
    assert refused.status_code == 200 and "too common" in refused.text
    assert choose_password(csrf_app.test_client(), link).status_code == 303


def test_an_address_already_in_use_is_refused(csrf_app, admin):
    refused = invite(admin, "admin@clinic.example")
    assert "exists already" in refused.text
    assert "<title>Error:" in refused.text


def test_disabling_signs_the_member_out_everywhere_and_enabling_lets_them_back(
    csrf_app, admin, login, make_staff, clock
):
    nurse = make_staff("nurse@clinic.example")
    phone, desk = csrf_app.test_client(), csrf_app.test_client()
    for browser in (phone, desk):
        assert login(browser, nurse).status_code == 303
    done = act(admin, nurse.id, "disable")
    assert (done.status_code, done.location) == (303, "/staff/accounts")
    assert "nurse@clinic.example is disabled" in admin.get("/staff/accounts").text
    assert phone.get("/staff/").status_code == 401
    assert desk.get("/staff/").status_code == 401
    assert login(csrf_app.test_client(), nurse).status_code == 200  # refused
    act(admin, nurse.id, "enable")
    clock.advance(minutes=2)  # past the authenticator codes already used
    assert login(csrf_app.test_client(), nurse).status_code == 303
    recorded = [(event, detail.get("target")) for event, detail in events(csrf_app)]
    assert ("staff.disabled", nurse.id) in recorded
    assert ("staff.reenabled", nurse.id) in recorded


def test_the_last_admin_cannot_be_removed_or_disabled(csrf_app, admin, make_staff):
    with csrf_app.app_context():
        me = db.session.scalar(select(StaffMember).filter_by(is_admin=True))
        mine = me.id
    refused = act(admin, mine, "remove-admin")
    assert refused.status_code == 200
    assert "only admin" in refused.text
    assert member(csrf_app, "admin@clinic.example").is_admin
    second = make_staff("second@clinic.example")
    act(admin, second.id, "make-admin")
    assert member(csrf_app, "second@clinic.example").is_admin
    assert act(admin, mine, "remove-admin").status_code == 303
    # With another admin in place, giving up one's own rights is allowed.
    assert member(csrf_app, "admin@clinic.example").is_admin is False
    assert admin.get("/staff/accounts").status_code == 403


def test_an_admin_cannot_disable_their_own_account(csrf_app, admin):
    with csrf_app.app_context():
        mine = db.session.scalar(select(StaffMember.id).filter_by(is_admin=True))
    refused = act(admin, mine, "disable")
    assert "cannot disable your own account" in refused.text
    assert member(csrf_app, "admin@clinic.example").disabled_at is None


def test_resetting_two_factor_signs_the_member_out(csrf_app, admin, login, make_staff):
    nurse = make_staff("nurse@clinic.example")
    browser = csrf_app.test_client()
    assert login(browser, nurse).status_code == 303
    act(admin, nurse.id, "reset-two-factor")
    assert browser.get("/staff/").status_code == 401
    assert not member(csrf_app, nurse.email).has_two_factor


def test_account_actions_need_their_csrf_token_and_an_admin(
    csrf_app, admin, login, make_staff
):
    nurse = make_staff("nurse@clinic.example")
    forged = admin.post(f"/staff/accounts/{nurse.id}/disable")
    assert forged.status_code == 400
    assert member(csrf_app, nurse.email).disabled_at is None
    browser = csrf_app.test_client()
    assert login(browser, nurse).status_code == 303
    assert browser.get(f"/staff/accounts/{nurse.id}/disable").status_code == 403
    assert admin.get(f"/staff/accounts/{nurse.id}/explode").status_code == 404
    assert admin.get("/staff/accounts/9999/disable").status_code == 404
