"""Sign-in throttling per account and address: brute force slowed, colleagues let in."""

from __future__ import annotations

import pytest
from support.staff import next_totp_code

from screening.infra.extensions import db
from screening.models import AuditEvent
from screening.services.auth.accounts import reset_password
from screening.services.auth.hashing import hashing_slot

# Documentation addresses (RFC 5737).
ATTACKER = "192.0.2.66"
COLLEAGUE = "198.51.100.7"
WRONG = "wrong password, again"


@pytest.fixture
def app(make_app):
    """Return an app whose per-address rate limit stays out of the way."""
    return make_app(RATELIMIT_ENABLED=False)


def post_login(client, account, password, address):
    return client.post(
        "/staff/login",
        data={"email": account.email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def sign_in_fully(app, account, address):
    """Sign in with the password and the code from ``address``; the final response."""
    client = app.test_client()
    response = post_login(client, account, account.password, address)
    if response.status_code != 303:
        return response
    return client.post(
        "/staff/login/code",
        data={"code": next_totp_code(app, account)},
        environ_base={"REMOTE_ADDR": address},
    )


def reasons(app) -> list[str]:
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEvent).filter_by(event="login.failure").order_by("id")
        )
        return [entry.detail["reason"] for entry in entries]


def waits(app) -> list[int]:
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEvent).filter_by(event="login.lockout").order_by("id")
        )
        return [entry.detail["minutes"] for entry in entries]


def test_an_attacker_cannot_keep_a_colleague_out_from_another_address(
    app, staff_member
):
    attacker = app.test_client()
    for _ in range(30):
        post_login(attacker, staff_member, WRONG, ATTACKER)
    assert (
        post_login(attacker, staff_member, staff_member.password, ATTACKER).status_code
        == 200
    )
    signed_in = sign_in_fully(app, staff_member, COLLEAGUE)
    assert (signed_in.status_code, signed_in.location) == (303, "/staff/")
    # The colleague's sign-in clears only the colleague's address.
    assert (
        post_login(attacker, staff_member, staff_member.password, ATTACKER).status_code
        == 200
    )
    assert reasons(app).count("bad-password") == 5


def test_brute_force_from_one_address_waits_longer_after_each_failure(
    make_app, make_staff, clock
):
    app = make_app(STAFF_LOCKOUT_MAX_MINUTES=60, RATELIMIT_ENABLED=False)
    account = make_staff()
    client = app.test_client()
    started = clock.now()
    for _ in range(4):
        post_login(client, account, WRONG, ATTACKER)
    for _ in range(4 * 12):
        post_login(client, account, WRONG, ATTACKER)
        clock.advance(minutes=5)
    with app.app_context():
        checked = [
            int((entry.occurred_at - started).total_seconds() // 60)
            for entry in db.session.scalars(db.select(AuditEvent).order_by("id"))
            if entry.detail.get("reason") == "bad-password"
        ]
    # Five guesses, then one after each wait: 15, 30, 60 and 60 minutes.
    assert checked == [0, 0, 0, 0, 0, 15, 45, 105, 165, 225]
    assert waits(app) == [15, 30, 60, 60, 60, 60]


def test_the_right_password_does_not_use_up_an_attempt(app, client, staff_member):
    for _ in range(4):
        post_login(client, staff_member, WRONG, COLLEAGUE)
    for _ in range(3):
        response = post_login(client, staff_member, staff_member.password, COLLEAGUE)
        assert response.location == "/staff/login/code"


def test_many_addresses_slow_the_account_but_its_owner_still_gets_in(
    make_app, make_staff
):
    app = make_app(STAFF_ACCOUNT_CEILING=8, RATELIMIT_ENABLED=False)
    account = make_staff()
    client = app.test_client()
    for number in range(8):
        post_login(client, account, WRONG, f"203.0.113.{number}")
    # Above the ceiling a new address waits after its first failure.
    for _ in range(3):
        post_login(client, account, WRONG, "203.0.113.200")
    assert reasons(app)[-3:] == ["bad-password", "locked", "locked"]
    signed_in = sign_in_fully(app, account, COLLEAGUE)
    assert (signed_in.status_code, signed_in.location) == (303, "/staff/")


def test_a_password_reset_ends_every_wait(app, staff_member):
    client = app.test_client()
    for _ in range(5):
        post_login(client, staff_member, WRONG, ATTACKER)
    with app.app_context():
        reset_password(staff_member.email, "a fresh passphrase, well kept")
        db.session.commit()
    response = post_login(
        client, staff_member, "a fresh passphrase, well kept", ATTACKER
    )
    assert response.location == "/staff/login/code"


@pytest.mark.parametrize("email", ["nurse@clinic.example", "nobody@clinic.example"])
def test_a_sign_in_finding_every_hashing_slot_taken_is_refused_at_once(
    app, client, staff_member, email
):
    with app.app_context(), hashing_slot() as free:
        assert free
        response = client.post(
            "/staff/login", data={"email": email, "password": staff_member.password}
        )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert reasons(app) == ["busy"]
    assert (
        post_login(client, staff_member, staff_member.password, COLLEAGUE).status_code
        == 303
    )


def test_the_number_of_hashing_slots_is_configurable(make_app, make_staff):
    app = make_app(STAFF_HASHING_SLOTS=2)
    account = make_staff()
    with app.app_context(), hashing_slot() as free:
        assert free
        response = post_login(app.test_client(), account, account.password, COLLEAGUE)
    assert response.status_code == 303
