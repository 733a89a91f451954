"""Two-factor sign-in: set-up with a server-drawn QR code, codes used once."""

from __future__ import annotations

import base64
import hashlib
import re

import pyotp
from support.staff import next_totp_code

from screening.infra.extensions import db
from screening.models import AuditEvent, RecoveryCode, StaffMember


def start_setup(client, account):
    response = client.post(
        "/staff/login", data={"email": account.email, "password": account.password}
    )
    assert response.location == "/staff/login/two-factor-setup"
    return client.get(response.location)


def secret_on(page) -> str:
    return re.search(r"<code>([A-Z2-7]{32})</code>", page.get_data(as_text=True))[1]


def finish_setup(client, secret):
    code = pyotp.TOTP(secret).now()
    return client.post("/staff/login/two-factor-setup", data={"code": code})


def recovery_codes_on(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r"<li><code>([A-Z0-9-]{19})</code></li>", html)


def sign_in_with(client, account, code):
    client.post(
        "/staff/login", data={"email": account.email, "password": account.password}
    )
    return client.post("/staff/login/code", data={"code": code})


def test_setup_shows_a_qr_code_drawn_on_the_server_as_plain_svg(client, make_staff):
    page = start_setup(client, make_staff("new@clinic.example", two_factor=False))
    html = page.get_data(as_text=True)
    data_uri = re.search(r'<img class="qr-code" src="([^"]+)"', html)[1]
    assert data_uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(data_uri.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "<path" in svg
    assert "style" not in svg and "<script" not in svg
    assert "style=" not in html and "<script>" not in html
    assert "img-src 'self' data:" in page.headers["Content-Security-Policy"]
    assert len(secret_on(page)) == 32


def test_setup_needs_a_working_code_then_shows_ten_recovery_codes_once(
    app, client, make_staff
):
    account = make_staff("new@clinic.example", two_factor=False)
    page = start_setup(client, account)
    wrong = client.post("/staff/login/two-factor-setup", data={"code": "123456"})
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert client.get("/staff/").status_code == 401

    response = finish_setup(client, secret_on(page))
    assert response.status_code == 200
    codes = recovery_codes_on(response)
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        staff = db.session.get(StaffMember, account.id)
        assert staff.has_two_factor
        stored = {code.code_hash for code in staff.recovery_codes}
        events = db.session.scalars(db.select(AuditEvent.event)).all()
    assert "two_factor.enabled" in events
    assert stored == {
        hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes
    }
    assert not any(code.replace("-", "") in str(stored) for code in codes)


def test_a_member_with_two_factor_cannot_reach_setup_again(app, client, staff_member):
    client.post(
        "/staff/login",
        data={"email": staff_member.email, "password": staff_member.password},
    )
    assert client.get("/staff/login/two-factor-setup").location == "/staff/login"


def test_each_code_is_accepted_once_only(app, staff_member, clock):
    code = pyotp.TOTP(staff_member.totp_secret).at(clock.now())
    first, second = app.test_client(), app.test_client()
    assert sign_in_with(first, staff_member, code).location == "/staff/"
    replay = sign_in_with(second, staff_member, code)
    assert replay.status_code == 200
    assert "That code is not right or has been used" in replay.get_data(as_text=True)
    clock.advance(seconds=30)
    fresh = pyotp.TOTP(staff_member.totp_secret).at(clock.now())
    assert sign_in_with(second, staff_member, fresh).location == "/staff/"


def test_a_code_from_an_older_step_than_one_already_used_is_refused(
    app, staff_member, clock
):
    totp = pyotp.TOTP(staff_member.totp_secret)
    earlier = totp.at(clock.now())
    clock.advance(seconds=30)
    later = totp.at(clock.now())
    assert sign_in_with(app.test_client(), staff_member, later).location == "/staff/"
    assert sign_in_with(app.test_client(), staff_member, earlier).status_code == 200


def test_codes_one_step_out_are_accepted_but_not_two(app, staff_member, clock):
    totp = pyotp.TOTP(staff_member.totp_secret)
    stale = totp.at(clock.now().timestamp() - 60)
    assert sign_in_with(app.test_client(), staff_member, stale).status_code == 200
    drifted = totp.at(clock.now().timestamp() - 30)
    assert sign_in_with(app.test_client(), staff_member, drifted).status_code == 303


def recovery_codes_for(app, client, make_staff):
    account = make_staff("new@clinic.example", two_factor=False)
    page = start_setup(client, account)
    codes = recovery_codes_on(finish_setup(client, secret_on(page)))
    client.post("/staff/logout")
    return account, codes


def test_a_recovery_code_signs_in_once(app, client, make_staff):
    account, codes = recovery_codes_for(app, client, make_staff)
    assert sign_in_with(client, account, codes[3].lower()).location == "/staff/"
    client.post("/staff/logout")
    again = sign_in_with(client, account, codes[3])
    assert again.status_code == 200
    with app.app_context():
        used = db.session.scalars(
            db.select(RecoveryCode).where(RecoveryCode.used_at.is_not(None))
        ).all()
        detail = db.session.scalar(
            db.select(AuditEvent.detail).filter_by(
                event="two_factor.recovery_code_used"
            )
        )
    assert len(used) == 1
    assert detail == {"remaining": 9}


def test_a_recovery_code_of_another_account_is_refused(app, client, make_staff):
    _, codes = recovery_codes_for(app, client, make_staff)
    other = make_staff("other@clinic.example")
    assert sign_in_with(app.test_client(), other, codes[0]).status_code == 200


def test_the_login_helper_finds_a_fresh_code_after_one_was_used(
    app, staff_member, login
):
    assert login(app.test_client(), staff_member).location == "/staff/"
    assert login(app.test_client(), staff_member).location == "/staff/"
    assert next_totp_code(app, staff_member).isdigit()
