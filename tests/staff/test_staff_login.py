"""Signing in: generic failures, lockout, safe redirects and session hygiene."""

from __future__ import annotations

import pytest
from support.staff import STAFF_PASSWORD, next_totp_code

from screening.infra.extensions import db
from screening.models import AuditEvent, StaffSession
from screening.services.auth.accounts import disable_staff, reset_password


def post_login(client, email, password, next_path=None):
    url = "/staff/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"email": email, "password": password})


def failure_message(response) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    start = html.index('class="error-message"')
    return html[start : html.index("</p>", start)]


def events(app, name):
    with app.app_context():
        return [
            (entry.staff_id, entry.detail)
            for entry in db.session.scalars(
                db.select(AuditEvent).filter_by(event=name).order_by(AuditEvent.id)
            )
        ]


def test_password_and_code_sign_a_staff_member_in(app, client, staff_member):
    response = post_login(client, staff_member.email, staff_member.password)
    assert response.status_code == 303
    assert response.location == "/staff/login/code"
    assert client.get("/staff/").status_code == 401
    response = client.post(
        "/staff/login/code", data={"code": next_totp_code(app, staff_member)}
    )
    assert response.status_code == 303
    assert response.location == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_wrong_password_and_unknown_account_get_the_same_generic_message(
    client, staff_member
):
    wrong_password = post_login(client, staff_member.email, "not the password at all")
    unknown = post_login(client, "nobody@clinic.example", STAFF_PASSWORD)
    assert failure_message(wrong_password) == failure_message(unknown)
    assert "Sign-in failed" in failure_message(unknown)


def test_the_email_address_is_matched_whatever_its_case(client, staff_member):
    response = post_login(client, "  NURSE@Clinic.Example ", staff_member.password)
    assert response.status_code == 303


def test_five_failures_lock_the_account_even_for_the_right_password(
    app, client, staff_member, clock
):
    for _ in range(5):
        post_login(client, staff_member.email, "wrong password, again")
    locked = post_login(client, staff_member.email, staff_member.password)
    assert "Sign-in failed" in failure_message(locked)
    assert events(app, "login.lockout") == [(staff_member.id, {"minutes": 15})]
    assert events(app, "login.failure")[-1] == (staff_member.id, {"reason": "locked"})

    clock.advance(minutes=14, seconds=59)
    assert (
        post_login(client, staff_member.email, staff_member.password).status_code == 200
    )
    clock.advance(seconds=1)
    assert (
        post_login(client, staff_member.email, staff_member.password).status_code == 303
    )


def test_after_the_wait_each_further_failure_doubles_it(
    app, client, staff_member, clock
):
    for _ in range(5):
        post_login(client, staff_member.email, "wrong password, again")
    clock.advance(minutes=15)
    post_login(client, staff_member.email, "wrong password, again")
    clock.advance(minutes=29, seconds=59)
    assert (
        post_login(client, staff_member.email, staff_member.password).status_code == 200
    )
    clock.advance(seconds=1)
    assert (
        post_login(client, staff_member.email, staff_member.password).status_code == 303
    )
    assert [detail for _, detail in events(app, "login.lockout")] == [
        {"minutes": 15},
        {"minutes": 30},
    ]


def test_the_lockout_time_and_attempts_are_configurable(make_app, make_staff, clock):
    app = make_app(STAFF_LOCKOUT_ATTEMPTS=2, STAFF_LOCKOUT_MINUTES=1)
    account = make_staff("short@clinic.example")
    client = app.test_client()
    post_login(client, account.email, "wrong password, again")
    post_login(client, account.email, "wrong password, again")
    assert post_login(client, account.email, account.password).status_code == 200
    clock.advance(minutes=1)
    assert post_login(client, account.email, account.password).status_code == 303


def test_wrong_codes_count_towards_the_lockout(app, client, staff_member):
    for _ in range(4):
        post_login(client, staff_member.email, "wrong password, again")
    post_login(client, staff_member.email, staff_member.password)
    response = client.post("/staff/login/code", data={"code": "000000"})
    assert response.status_code == 303
    assert response.location == "/staff/login"
    assert events(app, "login.lockout") == [(staff_member.id, {"minutes": 15})]
    assert client.get("/staff/login/code").location == "/staff/login"


def test_a_disabled_account_cannot_sign_in(app, client, staff_member):
    with app.app_context():
        disable_staff(staff_member.email)
        db.session.commit()
    response = post_login(client, staff_member.email, staff_member.password)
    assert "Sign-in failed" in failure_message(response)
    assert events(app, "login.failure")[-1] == (staff_member.id, {"reason": "disabled"})


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/staff/accounts", "/staff/accounts"),
        (
            "/staff/screenings?outcome=needs_review",
            "/staff/screenings?outcome=needs_review",
        ),
        ("https://evil.example/staff/", "/staff/"),
        ("//evil.example/staff/", "/staff/"),
        ("/\\evil.example", "/staff/"),
        ("javascript:alert(1)", "/staff/"),
        ("staff/", "/staff/"),
    ],
)
def test_next_only_ever_leads_to_a_page_of_this_site(
    app, client, staff_member, target, expected
):
    client.post(
        "/staff/login",
        query_string={"next": target},
        data={"email": staff_member.email, "password": staff_member.password},
    )
    response = client.post(
        "/staff/login/code", data={"code": next_totp_code(app, staff_member)}
    )
    assert response.location == expected


def test_signing_in_clears_and_renews_the_session(app, client, staff_member, login):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["csrf_token"] = "a token chosen by an attacker"
    login(client, staff_member)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "a token chosen by an attacker"
        assert session["_user_id"] != str(staff_member.id)


def test_session_cookies_are_httponly_lax_and_secure_outside_debug(
    make_app, make_staff
):
    app = make_app(TESTING=False)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    account = make_staff("cookie@clinic.example")
    response = post_login(app.test_client(), account.email, account.password)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def copy_of_cookie(app, client):
    """Return a new client holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_cookie_is_useless_after_logout(app, staff_client):
    thief = copy_of_cookie(app, staff_client)
    assert thief.get("/staff/").status_code == 200
    response = staff_client.post("/staff/logout")
    assert response.status_code == 303
    assert response.location == "/staff/login"
    assert staff_client.get("/staff/").status_code == 401
    assert thief.get("/staff/").status_code == 401
    with app.app_context():
        assert db.session.scalar(db.select(StaffSession)).ended_at is not None


def test_a_copied_cookie_is_useless_once_the_account_is_disabled(
    app, staff_client, staff_member
):
    thief = copy_of_cookie(app, staff_client)
    with app.app_context():
        disable_staff(staff_member.email)
        db.session.commit()
    assert staff_client.get("/staff/").status_code == 401
    assert thief.get("/staff/").status_code == 401


def test_a_new_password_ends_every_session(app, staff_client, staff_member):
    with app.app_context():
        reset_password(staff_member.email, "another long passphrase here")
        db.session.commit()
    assert staff_client.get("/staff/").status_code == 401


def test_an_idle_session_expires(app, client, staff_member, login, clock):
    login(client, staff_member)
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=30)
    assert client.get("/staff/").status_code == 401


def test_a_busy_session_still_ends_at_the_absolute_limit(
    app, client, staff_member, login, clock
):
    login(client, staff_member)
    for _ in range(12 * 3 - 1):
        clock.advance(minutes=20)
        assert client.get("/staff/").status_code == 200
    clock.advance(minutes=20)
    assert client.get("/staff/").status_code == 401


def test_timeouts_are_configurable(make_app, make_staff, clock):
    app = make_app(STAFF_SESSION_IDLE_MINUTES=5)
    account = make_staff("idle@clinic.example")
    client = app.test_client()
    post_login(client, account.email, account.password)
    client.post("/staff/login/code", data={"code": next_totp_code(app, account)})
    clock.advance(minutes=5)
    assert client.get("/staff/").status_code == 401


def test_without_required_two_factor_a_password_is_enough_until_it_is_set_up(
    make_app, make_staff
):
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=False)
    make = make_staff
    trial = make("trial@clinic.example", two_factor=False)
    client = app.test_client()
    response = post_login(client, trial.email, trial.password)
    assert response.location == "/staff/"
    assert client.get("/staff/").status_code == 200
    careful = make("careful@clinic.example")
    response = post_login(app.test_client(), careful.email, careful.password)
    assert response.location == "/staff/login/code"


def test_two_factor_is_required_by_default(app, client, make_staff):
    assert app.config["STAFF_TWO_FACTOR_REQUIRED"] is True
    account = make_staff("new@clinic.example", two_factor=False)
    response = post_login(client, account.email, account.password)
    assert response.location == "/staff/login/two-factor-setup"
    assert client.get("/staff/").status_code == 401


def test_a_half_finished_sign_in_expires_after_five_minutes(
    app, client, staff_member, clock
):
    post_login(client, staff_member.email, staff_member.password)
    clock.advance(minutes=5, seconds=1)
    response = client.post(
        "/staff/login/code", data={"code": next_totp_code(app, staff_member)}
    )
    assert response.location == "/staff/login"


def test_signing_in_again_ends_the_session_the_browser_had(
    app, staff_client, make_staff
):
    thief = copy_of_cookie(app, staff_client)
    other = make_staff("other@clinic.example")
    response = post_login(staff_client, other.email, other.password)
    assert response.location == "/staff/login/code"
    assert thief.get("/staff/").status_code == 401
